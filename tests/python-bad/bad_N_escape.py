# error-line: 2
x = '\N{NO SUCH CHARACTER NAME}'
