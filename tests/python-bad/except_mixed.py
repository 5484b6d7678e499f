# error-line: 6
try:
    pass
except A:
    pass
except* B:
    pass
