class Base(Exception):
    def __init__(self, msg, code=0):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
class Net(Base):
    pass
class Timeout(Net):
    pass
for exc in [Timeout("slow", 504), Net("down", 1), Base("base")]:
    try:
        raise exc
    except Timeout as e:
        print("timeout", e)
    except Net as e:
        print("net", e)
    except Base as e:
        print("base", e)
raise Timeout("final", 2)
