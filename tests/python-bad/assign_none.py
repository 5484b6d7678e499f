# error-line: 2
None = 1
