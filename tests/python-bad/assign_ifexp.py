# error-line: 2
a if b else c = 1
