a = [1, 2, 3]
b = a
b.append(4)
print(a, a is b, a == [1, 2, 3, 4])
c = a[:]
c.append(5)
print(a, c)
print(a + c, a * 2, [0] * 3)
print([1, 2] == [1, 2], [1, 2] < [1, 2, 0], 3 in a)
del a[1]
print(a)
a[1:1] = [9, 9]
print(a)
print(list(zip([1, 2, 3], "ab")), list(enumerate("xy", 1)))
nested = [[0] * 2 for _ in range(2)]
nested[0][0] = 1
print(nested)
