# error-line: 2
[a] += 1
