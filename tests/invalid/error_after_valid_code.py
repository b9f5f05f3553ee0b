def ok():
    return [1, 2, 3]

print(ok())
x = (1 +
