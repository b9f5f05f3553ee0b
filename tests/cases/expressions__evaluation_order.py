"""The order in which Python evaluates the parts of an expression."""

log = []


def note(label, value=None):
    """Record that `label` was evaluated, and give back `value` (or the label itself)."""
    log.append(label)
    return label if value is None else value


def show(title):
    print(f"{title}: {' '.join(log)}")
    log.clear()


# Dict displays evaluate each key before its value.
d = {note("k1"): note("v1"), note("k2"): note("v2")}
show("dict display")

# ... and ** unpacking in between keeps the left-to-right order.
d = {note("k1"): note("v1"), **note("extra", {"e": 1}), note("k2"): note("v2")}
show("dict with **")
print(d)

# Dict comprehensions evaluate the key first too (since Python 3.8).
d = {note(f"key{i}"): note(f"val{i}") for i in range(2)}
show("dict comprehension")


def target(*args, **kwargs):
    log.append("call")
    return args, kwargs


# A call evaluates the function, then positional arguments, then keywords, left to right.
note("f", target)(note("a"), *note("star", [1]), key=note("kw"), **note("dstar", {"z": 0}))
show("call")


class Box:
    def __init__(self):
        self.items = {"x": 10}

    def __getitem__(self, k):
        log.append(f"get {k}")
        return self.items[k]

    def __setitem__(self, k, v):
        log.append(f"set {k}={v}")
        self.items[k] = v


box = Box()
note("box", box)[note("x")] += note("rhs", 5)
show("augmented subscript")

# A chained comparison evaluates the middle operand once and stops early.
print(note("one", 1) < note("two", 2) < note("three", 3))
show("chain true")
print(note("five", 5) < note("two", 2) < note("three", 3))
show("chain false")

# Conditional expressions and boolean operators evaluate only what they need.
print(note("t", 0) or note("u", "fallback"))
show("or")
print(note("c", 1) if note("test", True) else note("d", 2))
show("if-else")

# Subscript assignment evaluates the value first, then the object, then the index.
data = [0, 0]
note("list", data)[note("idx", 1)] = note("value", 7)
show("subscript assignment")
print(data)
