def check(n):
    if n < 0:
        raise ValueError
    if n == 0:
        raise ValueError()
    if n > 100:
        raise ValueError("too big")
    return n
for v in (-1, 0, 200, 5):
    try:
        print(check(v))
    except ValueError as e:
        print("ValueError:", repr(e), e.args)
try:
    try:
        raise TypeError("inner")
    except TypeError:
        raise
except TypeError as e:
    print("reraised", e)
