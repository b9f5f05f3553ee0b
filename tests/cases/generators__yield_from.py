def inner():
    yield 1
    yield 2
    return "inner done"
def outer():
    result = yield from inner()
    print("got", result)
    yield 3
print(list(outer()))
def flatten(xs):
    for x in xs:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x
print(list(flatten([1, [2, [3, 4]], 5])))
