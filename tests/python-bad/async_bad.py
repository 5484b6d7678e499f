# error-line: 2
async x = 1
