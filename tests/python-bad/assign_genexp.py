# error-line: 2
(x for x in y) = 1
