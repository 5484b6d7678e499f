# error-line: 2
with a as 1:
    pass
