# error-line: 2
def f(**k, a):
    pass
