# error-line: 2
elif x:
    pass
