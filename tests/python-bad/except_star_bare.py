# error-line: 4
try:
    pass
except*:
    pass
