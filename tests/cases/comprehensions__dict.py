words = ["apple", "banana", "cherry"]
lengths = {w: len(w) for w in words}
print(lengths)
inverted = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inverted)
squares = {n: n ** 2 for n in range(6) if n % 2}
print(squares)
nested = {k: {i: i * k for i in range(2)} for k in range(1, 3)}
print(nested)
print(dict(zip("abc", range(3))))
