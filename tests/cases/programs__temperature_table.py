def c_to_f(c):
    return c * 9 / 5 + 32
print(f"{'C':>6} {'F':>8}")
for c in range(-20, 41, 15):
    print(f"{c:>6} {c_to_f(c):>8.1f}")
readings = [21.5, 23.0, 19.8, 25.1]
avg = sum(readings) / len(readings)
print(f"avg={avg:.2f} min={min(readings)} max={max(readings)}")
print(round(avg, 1), round(c_to_f(avg)))
