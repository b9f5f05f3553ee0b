def apply(f, *args):
    return f(*args)
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
for name in sorted(ops):
    print(name, apply(ops[name], 6, 7))
funcs = [len, str.upper, abs]
print(funcs[0]("abc"), funcs[1]("abc"), funcs[2](-1))
print(list(map(str, [1, 2, 3])), list(filter(None, [0, 1, "", "a"])))
def compose(*fs):
    def run(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return run
print(compose(str, lambda x: x + 1, abs)(-5))
