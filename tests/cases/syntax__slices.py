s = list(range(10))
print(s[::], s[::3], s[1::2], s[:5:2], s[-1:-5:-1], s[5:2:-1])
print(s[slice(2, 5)], s[-100:100])
s[::2] = [0] * 5
print(s)
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print([row[1:] for row in grid[:2]])
t = "abcdefg"
print(t[-3:], t[:-3], t[::-2])
i, j = 1, 4
print(t[i:j], t[i + 1:j * 2])
