registry = {}
def register(name):
    def deco(fn):
        registry[name] = fn
        return fn
    return deco
class Plugins:
    table = {"x": register}
@register("first")
def one():
    return 1
@Plugins.table["x"]("second")
def two():
    return 2
@(lambda fn: fn)
def three():
    return 3
print(sorted(registry), registry["first"](), registry["second"](), three())
