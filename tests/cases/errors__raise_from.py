class Wrapped(Exception):
    pass
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise Wrapped("wrapped") from e
except Wrapped as w:
    print(w, type(w.__cause__).__name__)
try:
    raise KeyError("k") from None
except KeyError as e:
    print(repr(e), e.__cause__, e.__suppress_context__)
