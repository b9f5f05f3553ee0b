data = [3.5, -2, 7, 0]
print(min(data), max(data), sum(data), sum(data) / len(data))
print(min([[2], [1, 5]]), max("hello"), max([], default="empty"))
print(sum([[1], [2, 3]], []), sum(range(5), start=10))
print(max(range(10), key=lambda v: (v % 3, v)), min(3, 3.0))
print(sorted([3, 1, 2]) == sorted((2, 3, 1)), round(sum([0.1] * 10), 10))
