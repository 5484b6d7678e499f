# error-line: 3
x = 1
s = '''abc

