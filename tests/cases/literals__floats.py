x = 1.5
y = .25
z = 3.
w = 1e10
v = 2.5e-3
u = 1_000.000_1
print(x, y, z, w, v, u)
print(1 / 3, 2 / 2, 10 / 4)
print(round(2.675, 2), round(3.5), round(4.5), round(-0.5))
print(float("1.25") * 2, float(3))
print(0.1 + 0.2, 1e16, 1e-7, 123456789.0)
print(int(7.9), int(-7.9), abs(-2.5))
