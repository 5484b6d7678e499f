# error-line: 2
True = 1
