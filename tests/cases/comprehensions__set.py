s = {x % 3 for x in range(10)}
print(sorted(s))
print(len({c for c in "mississippi"}))
print(sorted({n * n for n in [-2, -1, 0, 1, 2]}))
print({1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2, 3}, {1, 2} ^ {2, 3})
