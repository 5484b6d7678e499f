# error-line: 2
lambda a: int: a
