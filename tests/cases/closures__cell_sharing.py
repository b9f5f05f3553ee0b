def pair():
    value = 0
    def get():
        return value
    def set_(v):
        nonlocal value
        value = v
    return get, set_
get, set_ = pair()
print(get())
set_(42)
print(get())
def loop_closures():
    out = []
    for i in range(3):
        out.append(lambda: i)
    return [f() for f in out]
print(loop_closures())
