# error-line: 3
def f():
    x = 'abc
