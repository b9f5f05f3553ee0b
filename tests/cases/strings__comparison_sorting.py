names = ["bob", "Alice", "carol", "Dave"]
print(sorted(names))
print(sorted(names, key=str.lower))
print(sorted(names, key=lambda s: (len(s), s)))
print(max(names), min(names, key=len))
print("apple" < "banana", "Zebra" < "apple", "abc" == "abc", "a" * 0 == "")
print([s for s in names if s[0].isupper()])
