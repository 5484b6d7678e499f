# error-line: 3
def f():
return 1
