class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
    @property
    def f(self):
        return self._c * 9 / 5 + 32
t = Temp(20)
print(t.c, t.f)
t.c = 30
print(t.c, t.f)
try:
    t.c = -300
except ValueError as e:
    print(e)
