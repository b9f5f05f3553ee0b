"""Set methods take any iterables; the operators take only sets."""

team_a = {"ann", "bob", "cid"}
team_b = ["bob", "dee"]

print(sorted(team_a.union(team_b, ("eve",))))
print(sorted(team_a.intersection(team_b)))
print(sorted(team_a.difference(team_b, ["cid"])))
print(sorted(team_a.symmetric_difference(team_b)))
print(team_a.issubset(["ann", "bob", "cid", "zed"]), team_a.issuperset(["ann"]))
print(team_a.isdisjoint(["zed"]), team_a.isdisjoint(team_b))

try:
    team_a | team_b
except TypeError as e:
    print("TypeError:", e)

evens = {0, 2, 4, 6, 8}
evens.update([10, 12], range(14, 18, 2))
print(evens)
evens.difference_update({0}, [2])
print(evens)
evens.intersection_update(range(0, 13))
print(evens)
evens.symmetric_difference_update([4, 5])
print(evens)

# Sets of sets need frozensets; a set can still be looked up in them.
groups = {frozenset({1, 2}), frozenset({3})}
print({1, 2} in groups, frozenset({3}) in groups)
groups.discard({3})
print(groups)

fs = frozenset("abc")
print(type(fs | {"d"}).__name__, type({"d"} | fs).__name__)
print(fs.copy() is fs, len(fs))
try:
    fs.add("d")
except AttributeError as e:
    print("AttributeError:", e)

seen = set()
try:
    seen.remove("x")
except KeyError as e:
    print("KeyError:", e)
try:
    seen.pop()
except KeyError as e:
    print("KeyError:", e)
print({1, 2} <= {1, 2, 3}, {1, 2} < {1, 2}, {1, 2, 3} > {3}, {1} == frozenset({1}))
