def gcd(a, b):
    while b:
        a, b = b, a % b
    return a
def lcm(a, b):
    return a * b // gcd(a, b)
print(gcd(48, 18), gcd(17, 5), lcm(4, 6))
from_list = [12, 18, 24]
g = from_list[0]
for v in from_list[1:]:
    g = gcd(g, v)
print(g)
l = 1
for v in range(1, 21):
    l = lcm(l, v)
print(l)
