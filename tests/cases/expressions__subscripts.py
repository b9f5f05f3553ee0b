s = "abcdefgh"
l = list(range(10))
print(s[0], s[-1], s[2:5], s[:3], s[5:], s[::2], s[::-1])
print(l[1:8:3], l[-3:], l[:-7])
d = {"x": 1, (1, 2): "tuple"}
print(d["x"], d[1, 2], d[(1, 2)])
l[0] = 100
l[1:3] = [7, 8, 9]
print(l)
del l[0]
del l[-2:]
print(l)
m = [[1, 2], [3, 4]]
m[1][0] += 10
print(m)
