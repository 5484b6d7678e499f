# error-line: 2
f() = 1
