class Shared:
    items = []
    def __init__(self):
        self.own = []
a, b = Shared(), Shared()
a.items.append(1)
a.own.append(2)
print(b.items, b.own, Shared.items)
a.items = ["replaced"]
print(a.items, b.items)
print(hasattr(a, "own"), getattr(a, "missing", "default"))
setattr(b, "dynamic", 5)
print(b.dynamic)
