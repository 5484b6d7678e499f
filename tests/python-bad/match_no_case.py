# error-line: 3
match x:
    pass
