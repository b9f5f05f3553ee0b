def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, sorted(kwargs.items()))
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
args = [10, 20]
kw = {"c": 30, "z": 0}
print(f(*args, **kw))
print(f(*[1], *[2, 3], c=1, **{"y": 2}, **{"x": 1}))
print(max(3, 7, key=lambda v: -v))
print(sum(x * x for x in range(4)))
print(sorted([3, 1, 2], reverse=True))
