# error-line: 2
x = 0x1.5
