# error-line: 2
if x
    pass
