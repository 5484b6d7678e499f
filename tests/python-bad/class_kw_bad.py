# error-line: 2
class A(x.y=1):
    pass
