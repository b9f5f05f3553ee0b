class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __eq__(self, o):
        return self.x == o.x and self.y == o.y
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, len(v), v[0], v[1])
print(Vec(1, 1) == Vec(1, 1), Vec(1, 1) != Vec(1, 2))
print(str(v), repr(v), [v])
