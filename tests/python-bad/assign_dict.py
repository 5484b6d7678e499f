# error-line: 2
{} = 1
