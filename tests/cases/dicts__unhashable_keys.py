"""What cannot be a dict key or a set item, and the errors Python gives."""


def attempt(label, make):
    try:
        result = make()
    except TypeError as e:
        print(f"{label}: TypeError: {e}")
    else:
        print(f"{label}: {result!r}")


attempt("list key", lambda: {[1, 2]: "a"})
attempt("dict in set", lambda: {frozenset(), {}})
attempt("set item", lambda: {1, {2}})
attempt("tuple holding a list", lambda: {(1, [2]): 0})
attempt("tuple of numbers", lambda: {(1, 2): 0})
attempt("frozenset key", lambda: {frozenset([1, 2]): "pair"})


class Account:
    """Defining __eq__ without __hash__ makes instances unhashable."""

    def __init__(self, number):
        self.number = number

    def __eq__(self, other):
        return isinstance(other, Account) and other.number == self.number


print(Account.__hash__)
attempt("instance with __eq__", lambda: {Account(7)})
attempt("hash()", lambda: hash(Account(7)))


class Frozen:
    __hash__ = None


attempt("__hash__ = None", lambda: {Frozen(): 1})

counts = {}
try:
    counts[["not", "hashable"]] = 1
except TypeError as e:
    print("item assignment:", e)
print(counts)
