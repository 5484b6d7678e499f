# error-line: 2
class = 1
