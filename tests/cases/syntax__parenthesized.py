x = (1)
y = (1,)
z = ((1, 2), (3, 4))
print(x, y, z)
total = (
    1
    + 2
)
print(total)
print((yield_ := 3), yield_)
def g():
    v = (yield)
    print("got", v)
    w = yield 1, 2
    print("w", w)
gen = g()
next(gen)
print(gen.send("a"))
try:
    gen.send("b")
except StopIteration:
    print("stop")
