from cycle.a import Thing


class Base(Thing):
    pass
