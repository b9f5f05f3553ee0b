"""Evaluation order without calls: attribute and item reads log when they happen."""

log = []


class Tracer:
    """Every attribute read and item read is logged."""

    @property
    def k1(self):
        log.append("k1")
        return "a"

    def __getattr__(self, name):
        # Called for the attributes the class does not define: v1, k2, v2.
        log.append(name)
        return {"v1": 1, "k2": "b", "v2": 2}[name]

    def __getitem__(self, i):
        log.append(f"[{i}]")
        return i


t = Tracer()
print({t.k1: t.v1, t.k2: t.v2})
print(log)
log.clear()

print([t[1], t[2]], (t[3], t[4]))
print(log)
log.clear()

print(t[0] < t[1] < t[2], t[2] < t[1] < t[0])
print(log)
log.clear()

print(f"{t.k1}{t[9]:>{t.v2}}")
print(log)
log.clear()

try:
    missing_function(missing_argument)
except NameError as e:
    print(e)

try:
    print(undefined_name[also_undefined])
except NameError as e:
    print(e)
