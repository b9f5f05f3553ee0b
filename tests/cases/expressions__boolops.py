print(1 and 2, 0 and 2, 1 or 2, 0 or 2)
print(None or "default", "" or [] or 0)
print(1 and 2 and 3, 1 and 0 and 3)
print(not 1 or 2, not (1 or 2))
x = 0
print(x or x + 1 and x + 2)
def side(v):
    print("side", v)
    return v
print(side(0) and side(1))
print(side(1) or side(2))
