# error-line: 2
x = 1 \ 2
