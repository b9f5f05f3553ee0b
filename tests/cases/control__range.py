print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)))
print(len(range(0, 100, 7)), range(3)[1], 4 in range(5))
print(list(reversed(range(4))))
for i in range(3, 0, -1):
    print(i, end=" ")
print()
print(sum(range(101)))
