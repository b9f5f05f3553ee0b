def factorial(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f50 = factorial(50)
print(f50)
print(len(str(f50)), sum(int(d) for d in str(f50)))
print(2 ** 200 // 3 ** 50, 2 ** 200 % 1000007)
print(-(2 ** 70) // 7, (-2) ** 63, 10 ** 25 + 1)
a = 123456789 ** 5
print(a, a // 10 ** 20, a % 97)
print(int("9" * 40) + 1)
