# error-line: 2
[a]: int
