names = ["ann", "bob", "cy"]
ages = [30, 25, 41]
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n, a)
print(list(map(lambda n: n.title(), names)))
print(list(filter(lambda a: a > 26, ages)))
print(sorted(zip(ages, names)))
print(list(reversed(names)), sorted(names, reverse=True))
print(any([]), all([]), any([0, 1]), all([1, 0]))
print(list(map(pow, [2, 3], [3, 2])))
print(len(names), list(range(len(names))))
