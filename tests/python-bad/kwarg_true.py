# error-line: 2
f(True=1)
