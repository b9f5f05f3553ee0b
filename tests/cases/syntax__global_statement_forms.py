a = b = 0
def set_both():
    global a, b
    a, b = 1, 2
set_both()
print(a, b)
def read_only():
    return a + b
print(read_only())
def shadow():
    a = 100
    return a
print(shadow(), a)
