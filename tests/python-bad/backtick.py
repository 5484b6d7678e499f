# error-line: 2
x = `a`
