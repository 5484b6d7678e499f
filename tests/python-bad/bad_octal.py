# error-line: 2
x = 0o8
