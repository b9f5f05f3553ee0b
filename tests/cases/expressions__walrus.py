data = [1, 2, 3, 4, 5]
if (n := len(data)) > 3:
    print("long", n)
total = 0
while (total := total + 1) < 3:
    print("total", total)
print([y for x in data if (y := x * x) > 5])
print(y)
print((z := 10), z)
