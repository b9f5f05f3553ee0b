x = 10
del x
try:
    print(x)
except NameError as e:
    print(e)
d = {"a": 1, "b": 2, "c": 3}
del d["a"], d["b"]
print(d)
lst = list(range(6))
del lst[::2]
print(lst)
class O:
    pass
o = O()
o.attr = 1
del o.attr
print(hasattr(o, "attr"))
