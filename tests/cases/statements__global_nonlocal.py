level = 0
def descend():
    global level
    level += 1
    def deeper():
        global level
        level += 10
    deeper()
descend()
print(level)
def counter():
    n = 0
    def step():
        nonlocal n
        n += 1
        def peek():
            return n
        return peek()
    return step
s = counter()
print(s(), s(), s())
