# error-line: 3
@dec
x = 1
