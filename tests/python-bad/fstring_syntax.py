# error-line: 3
x = 1
f'{a b}'
