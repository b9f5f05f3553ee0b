data = [5, 12, 7, 20, 3]
big = [y for x in data if (y := x * 2) > 15]
print(big, y)
def running():
    total = 0
    sums = [total := total + v for v in range(5)]
    return sums, total
print(running())
