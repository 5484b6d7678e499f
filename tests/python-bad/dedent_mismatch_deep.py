# error-line: 5
class A:
    def f(self):
        pass
   x = 1
