def outer():
    x, y = 1, 2
    def inner():
        nonlocal x, y
        x, y = y, x
    inner()
    return x, y
print(outer())
def make():
    items = []
    def add(v):
        items.append(v)
        return len(items)
    def get():
        return list(items)
    return add, get
add, get = make()
add("a"); add("b")
print(get())
