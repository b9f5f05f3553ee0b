s = "Python"
print(s[0], s[-1], s[1:4], s[::-1], s[::2], s[10:], s[-3:])
print(len(s), "y" in s, "z" not in s)
for i, ch in enumerate(s):
    if i % 2 == 0:
        print(i, ch)
print(list(s), tuple(s[:2]))
print(s * 2, s + "!", str(123) + s)
try:
    s[0] = "p"
except TypeError as e:
    print("immutable:", e)
try:
    s[100]
except IndexError as e:
    print(e)
