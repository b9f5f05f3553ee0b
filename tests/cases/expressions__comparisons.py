x = 5
print(1 < x < 10, 1 < x > 10, x == 5 != 6)
print(x in [1, 5], x not in [1, 5])
print(x is x, x is not None)
print(1 <= 1 >= 0, "a" < "b" < "c")
print([1, 2] < [1, 3], (1, 2) == (1, 2))
print(3 > 2 > 1 > 0)
