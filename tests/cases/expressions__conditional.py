for n in range(-1, 2):
    print("neg" if n < 0 else "zero" if n == 0 else "pos")
x = 3
y = x * 2 if x > 2 else x / 2
print(y)
print([a if a % 2 else -a for a in range(5)])
