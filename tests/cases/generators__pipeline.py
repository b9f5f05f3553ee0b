def read():
    for line in ["a 1", "b 2", "c 3", "d x"]:
        yield line
def parse(lines):
    for line in lines:
        name, _, val = line.partition(" ")
        if val.isdigit():
            yield name, int(val)
def total(pairs):
    s = 0
    for _, v in pairs:
        s += v
    return s
print(total(parse(read())))
print(list(parse(read())))
