# error-line: 2
while x
    pass
