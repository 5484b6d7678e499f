# error-line: 2
import a as b.c
