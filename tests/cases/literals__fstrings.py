name = "world"
n = 42
pi = 3.14159
print(f"hello {name}!")
print(f"{n:>5}|{n:<5}|{n:^5}|")
print(f"{pi:.2f} {pi:10.3f} {n:05d}")
print(f"{n!r} {name!r} {name!s}")
print(f"{{literal}} {n}")
print(f"{n + 1} {n * 2:,}")
print(f"{1234567:,}")
w, p = 10, 3
print(f"{pi:{w}.{p}f}|")
print(f"{name=}")
print(f"{n = }")
print(f"{pi=:.1f}")
print(f"{'nested'}")
print(f"{[1, 2, 3][1]}")
print(F"upper {n}", rf"raw {n}\n")
print(f"{n:x} {n:o} {n:b} {n:#x}")
print(f"{'a' if n > 0 else 'b'}")
