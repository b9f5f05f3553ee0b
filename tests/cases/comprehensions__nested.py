matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
flat = [x for row in matrix for x in row]
print(flat)
transposed = [[row[i] for row in matrix] for i in range(3)]
print(transposed)
print([x for row in matrix if sum(row) > 6 for x in row if x % 2])
pairs = [(i, j) for i in range(4) for j in range(i + 1, 4) if (i + j) % 2]
print(pairs)
print(sum(sum(r) for r in matrix))
