# error-line: 2
for 1 in x:
    pass
