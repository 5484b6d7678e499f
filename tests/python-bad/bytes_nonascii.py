# error-line: 2
b = b'é'
