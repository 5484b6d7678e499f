# error-line: 2
f(x for x in y, 1)
