# error-line: 3
match x:
    case C(a=1, b):
        pass
