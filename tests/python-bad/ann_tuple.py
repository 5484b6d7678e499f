# error-line: 2
a, b: int
