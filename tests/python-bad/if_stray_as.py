# error-line: 2
if (a as b):
    pass
