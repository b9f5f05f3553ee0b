"""hash() of numbers: equal numbers hash alike, whatever their type."""

print(hash(1) == hash(1.0) == hash(True))
print(hash(0), hash(-0.0), hash(False))
for n in [42, -7, 1.5, -0.25, 0.1, 2.0 ** 60, 1e300, float("inf"), float("-inf")]:
    print(n, hash(n))

# -1 is reserved inside CPython, so hash(-1) is -2.
print(hash(-1), hash(-1.0), hash(-2))

# Ints hash modulo the Mersenne prime 2**61 - 1.
modulus = 2**61 - 1  # sys.hash_info.modulus
print(hash(modulus), hash(modulus + 5), hash(-(modulus + 5)))
print(hash(2**100), hash(-(2**100)), hash(10**30 + 7))
print(hash(2**100) == hash(float(2**100)))

# Tuples and frozensets hash their items.
print(hash(()), hash((1, 2)), hash((1, (2, 3.5))))
print(hash(frozenset()), hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])))
print(hash(range(0)) == hash(range(5, 5)), hash(range(3)) == hash(range(0, 3, 1)))
