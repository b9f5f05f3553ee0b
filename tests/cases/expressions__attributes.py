class P:
    def __init__(self):
        self.x = 1
        self.inner = None
p = P()
p.inner = P()
p.inner.x = 5
print(p.x, p.inner.x)
p.x += 2
print(p.x)
print("a,b".split(",")[1].upper())
