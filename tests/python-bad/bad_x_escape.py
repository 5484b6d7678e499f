# error-line: 2
x = '\x4'
