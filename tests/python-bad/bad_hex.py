# error-line: 2
x = 0xg
