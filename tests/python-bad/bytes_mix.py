# error-line: 2
x = b'a' 'b'
