import random

random.seed(2**40 + 17)
print(random.random())
random.seed(-5)
a = random.random()
random.seed(5)
print("negative seed same as positive:", a == random.random())
random.seed(0)
print(random.randrange(10, 0, -3), random.randrange(-10, 10))
print(random.randint(0, 2**70))
print(random.sample([1, 2, 3], 3))
try:
    random.sample([1, 2], 3)
except ValueError as e:
    print("ValueError:", e)
try:
    random.randrange(5, 5)
except ValueError as e:
    print("ValueError:", e)
random.choice([])
