# error-line: 2
global 1
