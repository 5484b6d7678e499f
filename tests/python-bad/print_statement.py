# error-line: 2
print 'hello'
