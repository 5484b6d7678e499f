# error-line: 3
match x:
    case (*a):
        pass
