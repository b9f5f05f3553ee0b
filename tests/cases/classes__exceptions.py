class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"missing {key}")
        self.key = key
def find(d, k):
    if k not in d:
        raise NotFound(k)
    return d[k]
try:
    find({}, "x")
except AppError as e:
    print(type(e).__name__, e, e.key, e.args)
try:
    raise AppError("plain")
except NotFound:
    print("wrong")
except AppError as e:
    print("caught", repr(e))
print(issubclass(NotFound, Exception))
