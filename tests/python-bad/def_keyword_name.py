# error-line: 2
def if():
    pass
