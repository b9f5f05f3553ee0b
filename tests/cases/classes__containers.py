class Registry:
    def __init__(self):
        self._items = {}
    def __setitem__(self, k, v):
        self._items[k] = v
    def __getitem__(self, k):
        return self._items[k]
    def __contains__(self, k):
        return k in self._items
    def __len__(self):
        return len(self._items)
    def __delitem__(self, k):
        del self._items[k]
r = Registry()
r["a"] = 1
r["b"] = 2
print(len(r), r["a"], "b" in r, "z" in r)
del r["a"]
print(len(r), "a" in r)
try:
    r["zz"]
except KeyError as e:
    print("missing", e)
