"""Allocations no machine can make raise MemoryError at once, and the script goes on."""


def attempt(label, make):
    try:
        make()
    except MemoryError as e:
        print(f"{label}: MemoryError {e.args}")
    except OverflowError as e:
        print(f"{label}: OverflowError: {e}")
    else:
        print(f"{label}: no error")


attempt("list repeat", lambda: [0] * 10**10)
attempt("tuple repeat", lambda: (1, 2) * 10**10)
attempt("str repeat", lambda: "ab" * 10**12)
attempt("str repeat past the index size", lambda: "ab" * 2**62)
attempt("list repeat by a huge count", lambda: [1] * 10**20)
attempt("empty list by a huge count", lambda: [] * 10**20)
attempt("center", lambda: "a".center(10**12))
attempt("ljust", lambda: "a".ljust(10**12, "*"))
attempt("rjust", lambda: "a".rjust(10**12))
attempt("zfill", lambda: "-1".zfill(10**12))
attempt("join", lambda: ",".join(["x" * 10**6] * 10**7))

print(len([] * 10**18), repr("" * 10**18), () * 10**18, [7] * -3)
buffer = []
try:
    buffer = [0] * 10**10
except MemoryError:
    buffer.append("recovered")
print(buffer)
