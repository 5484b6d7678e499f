# error-line: 2
[*a for a in b]
