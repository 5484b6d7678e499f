# error-line: 2
s = """abc
