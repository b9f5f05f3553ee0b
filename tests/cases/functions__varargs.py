def total(*nums):
    return sum(nums)
print(total(), total(1), total(1, 2, 3))
def describe(**info):
    return ", ".join(f"{k}={v}" for k, v in sorted(info.items()))
print(describe(b=2, a=1))
def mixed(a, *rest, sep="-", **opts):
    return sep.join(str(x) for x in (a, *rest)) + str(sorted(opts))
print(mixed(1, 2, 3, sep="+", z=1, y=2))
print(mixed(*range(4)))
