total = 0
for n in range(20):
    if n % 3 == 0:
        continue
    if n > 14:
        break
    total += n
print(total)
k = 0
while True:
    k += 1
    if k < 5:
        continue
    break
print(k)
