# error-line: 4
try:
    pass
x = 1
