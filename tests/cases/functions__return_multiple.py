def stats(xs):
    return min(xs), max(xs), sum(xs) / len(xs)
lo, hi, avg = stats([3, 1, 4, 1, 5, 9, 2, 6])
print(lo, hi, avg)
def nothing():
    return
print(nothing())
def early(n):
    for i in range(n):
        if i * i > n:
            return i
    return -1
print(early(50), early(0))
