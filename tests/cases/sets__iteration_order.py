"""Sets of numbers come out in the order of their hash table, not of insertion."""

print({30, 20, 10})
print({5, 3, 9, 1})
print({100, 7, 64, 2})
print(set([17, 9, 1, 33]))
print({-1, -2, 3})
print({1.5, 2, 0.5})
print({(1, 2), (0, 0), (2, 1)})

squares = set()
for n in range(12, 0, -1):
    squares.add(n * n)
print(squares)
print(sorted(squares) == list(range(1, 13)) or "not sorted when listed")

primes = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47}
odds = set(range(1, 50, 2))
print(primes & odds)
print(odds - primes)
print(primes - odds, primes ^ {1, 2})
print(primes | {100, 64, 1})

numbers = {40, 8, 16, 24, 32}
numbers.discard(16)
numbers.add(48)
print(numbers, numbers.pop(), numbers)
print(frozenset([9, 4, 1]), frozenset())
print(list({7: "a", 1: "b", 4: "c"}))  # dicts keep insertion order
