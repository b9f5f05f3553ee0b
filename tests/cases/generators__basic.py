def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count_up(5)))
g = count_up(3)
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
def evens():
    n = 0
    while True:
        yield n
        n += 2
e = evens()
print([next(e) for _ in range(5)])
