class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances
a, b, c = Counter(), Counter(), Counter()
print(Counter.instances, a.id, c.id)
class Config:
    debug = False
    level = debug and 2 or 1
    names = [n.upper() for n in ("a", "b")]
print(Config.level, Config.names)
