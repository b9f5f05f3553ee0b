lst = [1, 2, 3]
tup = (1, 2, 3)
single = (1,)
empty = ()
d = {"a": 1, "b": 2}
st = {3, 1, 2}
print(lst, tup, single, empty)
print(d)
print(sorted(st))
print([], {}, set())
print([*lst, 4], (*tup, 5), {**d, "c": 3})
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0])
print(len(lst), len(d), len(st))
