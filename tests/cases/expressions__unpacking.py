a, b = 1, 2
a, b = b, a
print(a, b)
(c, d), e = (3, 4), 5
print(c, d, e)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abc"
print(init, last)
x, *mid, y = range(6)
print(x, mid, y)
[p, q] = [7, 8]
print(p, q)
for i, (j, k) in enumerate([(1, 2), (3, 4)]):
    print(i, j, k)
t = 1, 2, 3
print(t)
m = n = 0
print(m, n)
