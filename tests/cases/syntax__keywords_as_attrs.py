class NS:
    pass
ns = NS()
ns.match = 1
ns.case = 2
ns.type = 3
ns._ = 4
print(ns.match + ns.case + ns.type + ns._)
print(dict(match=1, case=2))
