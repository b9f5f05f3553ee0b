x = 100
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 7; print(x)
x /= 2; print(x)
x = int(x)
x %= 7; print(x)
x **= 3; print(x)
x <<= 2; print(x)
x >>= 1; print(x)
x &= 0xFF; print(x)
x |= 0x100; print(x)
x ^= 0b1010; print(x)
s = "ab"
s *= 3
s += "!"
print(s)
lst = [1]
lst += [2, 3]
lst *= 2
print(lst)
