def sign(n):
    return "+" if n > 0 else "-" if n < 0 else "0"
print([sign(v) for v in (-2, 0, 2)])
x = 5
print("a" if x > 3 and x < 10 else "b")
print((lambda v: "even" if v % 2 == 0 else "odd")(7))
y = [1, 2] if x else []
print(y)
print(x if x else None, None if not x else x)
