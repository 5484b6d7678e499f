# error-line: 2
x = (a as b)
