# error-line: 2
return return
