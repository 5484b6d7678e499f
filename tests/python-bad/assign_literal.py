# error-line: 2
1 = x
