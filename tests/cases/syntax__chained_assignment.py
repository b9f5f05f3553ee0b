a = b = c = [0]
b.append(1)
print(a, c, a is c)
x, y = y, x = 1, 2
print(x, y)
d = {}
d["k"] = d2 = {}
d2["inner"] = 1
print(d)
i = 0
xs = [10, 20, 30]
i, xs[i] = 1, 99
print(i, xs)
