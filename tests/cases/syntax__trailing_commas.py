def f(a, b, *, c=1,):
    return a + b + c
print(f(1, 2,), f(1, 2, c=3,))
xs = [1, 2, 3,]
t = (1,)
d = {"a": 1,}
s = {1, 2,}
print(xs, t, d, sorted(s))
from_tuple = 1, 2,
print(from_tuple)
print(*xs, sep=",",)
