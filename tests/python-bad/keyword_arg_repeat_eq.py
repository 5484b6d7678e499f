# error-line: 2
f(a==1=2)
