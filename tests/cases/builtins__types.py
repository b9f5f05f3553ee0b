values = [1, 1.5, "s", [1], (1,), {"k": 1}, {1}, None, True]
for v in values:
    print(type(v).__name__, isinstance(v, (int, float)))
print(isinstance(True, int), type(1) is int, type("") == str)
print(list("ab"), dict([(1, 2)]), set([1, 1, 2]), tuple([1]), str([1]))
print(repr("a"), repr([1, "b", None]), repr({"k": (1, 2.5)}), repr(ValueError("boom")))
print(callable(len), callable(3))
