import random

random.seed(7)
colors = ["red", "green", "blue", "yellow", "purple"]
print(random.choice(colors))
print(random.choice("abcdef"))
deck = list(range(10))
random.shuffle(deck)
print(deck)
print(random.sample(colors, 3))
print(random.sample(range(100), 5))
random.shuffle(colors)
print(colors)
print(random.choice([(1, "one"), (2, "two"), (3, "three")]))
