add = lambda a, b: a + b
print(add(2, 3))
sq = lambda x: x * x
print(list(map(sq, range(5))))
print((lambda: "no args")())
print((lambda *a, **k: (a, sorted(k)))(1, 2, x=3))
print((lambda a, b=10: a + b)(5))
key = lambda pair: pair[1]
print(sorted([(1, "b"), (2, "a")], key=key))
compose = lambda f, g: lambda x: f(g(x))
print(compose(sq, add.__call__ if False else (lambda v: v + 1))(3))
