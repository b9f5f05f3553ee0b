class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None)
        return False
with Resource("a") as r:
    print("inside", r.name)
with Resource("x") as x, Resource("y") as y:
    print("both", x.name, y.name)
try:
    with Resource("boom"):
        raise ValueError("inside with")
except ValueError as e:
    print("propagated", e)
