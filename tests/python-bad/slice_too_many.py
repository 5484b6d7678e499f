# error-line: 2
a[1:2:3:4]
