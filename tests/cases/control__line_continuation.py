total = 1 + \
    2 + \
    3
print(total)
items = [
    1,
    2,
    3,
]
print(items)
result = (1
          + 2
          * 3)
print(result)
d = {
    "a": 1,
    "b": 2
}
print(d)
if (total > 5 and
        result > 5):
    print("both")
