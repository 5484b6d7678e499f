# error-line: 2
f = lambda x x
