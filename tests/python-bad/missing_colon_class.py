# error-line: 2
class A
    pass
