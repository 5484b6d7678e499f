# error-line: 2
d = {
  'a': 1,
