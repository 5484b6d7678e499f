# error-line: 3
def f():
    (yield) = 1
