"""random.choice over a huge range picks by index, without building the range."""
import random

random.seed(2024)
print(random.choice(range(10**9)), random.choice(range(5, 100, 7)))
print([random.choice(range(-50, 50)) for _ in range(5)])
print(random.choice(range(10**18, 0, -3)))
