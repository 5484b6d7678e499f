# error-line: 2
del 1
