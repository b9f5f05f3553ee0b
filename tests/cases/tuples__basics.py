t = (1, "two", 3.0)
print(t, len(t), t[1], t[-1], t[:2])
a, b, c = t
print(a, b, c)
print(t.count(1), t.index("two"))
print((1, 2) + (3,), (0,) * 3, () == tuple())
print(tuple([1, 2]), tuple("ab"))
point = 3, 4
x, y = point
print((x ** 2 + y ** 2) ** 0.5)
print(sorted([(2, "b"), (1, "z"), (2, "a")]))
