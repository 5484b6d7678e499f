# error-line: 2
x = '\u12'
