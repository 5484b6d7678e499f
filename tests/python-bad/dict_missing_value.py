# error-line: 2
d = {1: }
