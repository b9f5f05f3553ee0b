a = 1; b = 2; c = a + b
print(a, b, c); print("same line")
if c > 2: print("big"); print("still big")
for i in range(2): print(i); print(-i)
