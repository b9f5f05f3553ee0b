x = "outer"
result = [x for x in range(3)]
print(x, result)
def f():
    y = 10
    return [y + i for i in range(3)]
print(f())
def g():
    funcs = [lambda: n for n in range(3)]
    return [h() for h in funcs]
print(g())
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
def h(k):
    return {i: [j * k for j in range(i)] for i in range(3)}
print(h(2))
