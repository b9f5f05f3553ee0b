n = 1234567.891
print(f"{n:,.2f}", f"{n:e}", f"{n:.3e}", f"{n:g}", f"{0.5:%}", f"{0.256:.1%}")
print(f"{42:08.3f}", f"{-42:+d}", f"{42:+d}", f"{42: d}")
print(f"{'left':<10}|{'right':>10}|{'mid':^10}|")
print(f"{'x':*^9}", f"{7:#b}", f"{255:#o}", f"{255:X}")
print(format(3.14159, ".3f"), format(42, "5d"), format("s", ">3"))
width = 8
print(f"{'dyn':>{width}}|")
print(f"{3.0}", f"{1e20}", f"{1/3}", str(2.0), repr(0.1))
print(f"{True}", f"{None}", f"{[1, 'a']}", f"{ {'k': 1} }")
