"""id() names an object: stable for its lifetime, distinct from every other live object."""

a = [1, 2, 3]
b = a
c = [1, 2, 3]
print(id(a) == id(b), id(a) == id(c), a == c)

before = id(a)
a.append(4)
print(id(a) == before, b)

things = [[], [], {}, {}, set(), object(), object(), lambda: 0]
ids = [id(t) for t in things]
print(len(set(ids)) == len(things))
print(all(isinstance(i, int) and i > 0 for i in ids))


class Node:
    pass


n = Node()
print(id(n) == id(n), hash(n) == hash(n))
print(hash(n) == hash(Node()))
registry = {n: "first"}
print(registry[n])

x = 5
y = x
print(id(x) == id(y), x is y)
print(id(None) == id(None), id(True) != id(False))
