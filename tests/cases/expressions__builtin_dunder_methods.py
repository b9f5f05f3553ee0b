print((3).__add__(4))
print("ab".__len__(), [1, 2].__contains__(2), (1.5).__mul__(2))
print(int.__add__(3, 4), str.__upper__ if hasattr(str, "__upper__") else "no str.__upper__")
