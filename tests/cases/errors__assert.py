def check(x):
    assert x > 0, f"x must be positive, got {x}"
    return x
print(check(5))
try:
    check(-1)
except AssertionError as e:
    print("assert:", e)
assert True
assert 1 == 1, "never"
try:
    assert False
except AssertionError as e:
    print(repr(e))
