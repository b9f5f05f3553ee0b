def running_average():
    total = 0.0
    count = 0
    avg = None
    while True:
        value = yield avg
        total += value
        count += 1
        avg = total / count
ra = running_average()
next(ra)
for v in [10, 20, 30, 40]:
    print(ra.send(v))
def chunks(xs, n):
    for i in range(0, len(xs), n):
        yield xs[i:i + n]
print(list(chunks(list(range(7)), 3)))
