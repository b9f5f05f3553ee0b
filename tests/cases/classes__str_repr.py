class P:
    def __init__(self, x):
        self.x = x
    def __str__(self):
        return f"P with {self.x}"
    def __repr__(self):
        return f"P({self.x!r})"
p = P("a")
print(p, str(p), repr(p), [p], {"k": p}, (p,))
print(f"{p}", f"{p!r}", "%s %r" % (p, p))
class Q:
    pass
print(type(Q()).__name__, Q.__name__)
