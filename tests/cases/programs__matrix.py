def matmul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]
def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b))
print(matmul(a, identity(2)) == a)
def power(m, k):
    result = identity(len(m))
    for _ in range(k):
        result = matmul(result, m)
    return result
print(power([[1, 1], [1, 0]], 10))
for row in matmul(a, b):
    print(" ".join(f"{v:4d}" for v in row))
