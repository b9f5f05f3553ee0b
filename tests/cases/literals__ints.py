a = 10
b = 0x1F
c = 0o17
d = 0b1010_1010
e = 1_000_000
big = 2 ** 100
print(a, b, c, d, e)
print(big)
print(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF)
print(123456789012345678901234567890 * 3)
print(-7 // 2, -7 % 2, 7 // -2)
print(divmod(17, 5), divmod(-17, 5))
print(abs(-42), int("123") + 1, int("-0"))
