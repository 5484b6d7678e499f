# error-line: 2
lambda: 1 = 2
