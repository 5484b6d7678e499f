# error-line: 2
def f(*, **k):
    pass
