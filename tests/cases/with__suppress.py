class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, et, ev, tb):
        if et is not None and issubclass(et, self.types):
            print("suppressed", et.__name__)
            return True
        return False
with Suppress(KeyError):
    {}["x"]
print("after")
with (Suppress(ZeroDivisionError) as s1,
      Suppress(IndexError)):
    1 / 0
print("s1", s1)
