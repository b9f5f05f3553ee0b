n = 0
while n < 3:
    n += 1
else:
    print("while finished normally", n)
while True:
    n -= 1
    if n == 0:
        break
else:
    print("never")
print("n", n)
i = 10
while i:
    i //= 2
    if i == 1:
        continue
    print("i", i)
