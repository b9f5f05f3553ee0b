d = {}
for k in ["z", "a", "m"]:
    d[k] = len(d)
print(d, list(d))
d["a"] = 100
print(d)
del d["z"]
d["z"] = 5
print(d)
print({k: d[k] for k in sorted(d)})
print(list(d.items())[0], next(iter(d)))
