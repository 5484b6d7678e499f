# error-line: 2
[x for 1 in y]
