# error-line: 2
x = 'abc
