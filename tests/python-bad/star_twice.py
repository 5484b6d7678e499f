# error-line: 2
def f(*a, *b):
    pass
