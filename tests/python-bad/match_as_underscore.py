# error-line: 3
match x:
    case a as _:
        pass
