# error-line: 2
f(): int
