# error-line: 2
for f() in x:
    pass
