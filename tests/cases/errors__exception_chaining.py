def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError(f"cannot parse {s!r}") from e
print(parse("12"))
try:
    parse("x")
except RuntimeError as e:
    print(e, "<-", e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("during handling")
except KeyError as e:
    print(repr(e), type(e.__context__).__name__)
parse("bad")
