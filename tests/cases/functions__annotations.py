def area(w: float, h: float = 1.0) -> float:
    return w * h
print(area(2.0, 3.5), area(4))
x: int = 5
y: list = []
z: str
print(x, y)
def f(a: "str", *args: int, k: bool = False, **kw: dict) -> None:
    print(a, args, k, kw)
f("s", 1, 2, k=True, extra=1)
class Point:
    x: int
    y: int = 0
    def __init__(self, x: int) -> None:
        self.x = x
print(Point(3).x, Point.y)
