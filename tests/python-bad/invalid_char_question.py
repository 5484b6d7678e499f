# error-line: 2
x = a ? b : c
