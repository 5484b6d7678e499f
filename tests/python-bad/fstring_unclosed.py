# error-line: 2
f'{a'
