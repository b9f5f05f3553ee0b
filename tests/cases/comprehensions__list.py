nums = [1, 2, 3, 4, 5, 6]
print([n * n for n in nums])
print([n for n in nums if n % 2 == 0])
print([(a, b) for a in range(3) for b in range(a)])
print([c.upper() for c in "abc" if c != "b"])
print([[r * c for c in range(3)] for r in range(3)])
print([x if x > 2 else 0 for x in nums])
words = ["apple", "bob", "kayak", "tree"]
print([w for w in words if w == w[::-1]])
