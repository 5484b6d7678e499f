# error-line: 2
[x for x in y if lambda: 1]
