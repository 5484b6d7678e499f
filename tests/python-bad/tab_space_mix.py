# error-line: 4
if x:
	a
        b
