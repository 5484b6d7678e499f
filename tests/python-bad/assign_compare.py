# error-line: 2
a < b = 1
