import_count = 0
values = [3, 8, 1, 9]
if any((big := v) > 5 for v in values):
    print("first big", big)
while (chunk := values[:2]):
    values = values[2:]
    print(chunk)
print([(n, sq) for n in range(4) if (sq := n * n) % 2 == 1])
def f(x):
    return (y := x + 1) * y
print(f(3))
print((z := 5) + z)
