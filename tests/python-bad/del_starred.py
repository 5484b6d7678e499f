# error-line: 2
del *a, b
