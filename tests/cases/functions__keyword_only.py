def f(a, *, b, c=3):
    return a + b + c
print(f(1, b=2))
print(f(1, b=2, c=10))
try:
    f(1, 2)
except TypeError as e:
    print("TypeError")
def g(x, /, y, *, z):
    return (x, y, z)
print(g(1, 2, z=3), g(1, y=2, z=3))
