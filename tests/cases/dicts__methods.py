d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), "a" in d, "z" not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a"), d.get("z"), d.get("z", 0))
print(d.setdefault("d", 4), d.setdefault("a", 100), d)
d.update({"e": 5}, f=6)
print(d)
print(d.pop("e"), d.pop("zz", "missing"), d)
k, v = d.popitem()
print(k, v, d)
for key, value in d.items():
    print(key, "->", value)
print(dict.fromkeys("xy", 0), dict(a=1, b=2), dict([("p", 1)]))
c = d.copy()
c.clear()
print(c, d)
