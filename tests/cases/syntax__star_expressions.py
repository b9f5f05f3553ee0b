first, *middle, last = range(7)
print(first, middle, last)
head, *tail = "hello"
print(head, tail)
def pack(*args):
    return args
print(pack(*"ab", *[1, 2], 3))
merged = [*range(3), *"xy"]
print(merged)
for a, *b in [(1, 2, 3), (4, 5)]:
    print(a, b)
def ret():
    rest = [2, 3]
    return 1, *rest
print(ret())
print({*[1, 2], *[2, 3]} == {1, 2, 3})
