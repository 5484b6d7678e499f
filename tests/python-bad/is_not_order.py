# error-line: 2
a not is b
