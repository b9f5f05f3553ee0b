"""A class used as a dict key or set item: __hash__ and __eq__ decide what counts as the same key."""


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


visited = {Point(0, 0), Point(1, 2), Point(0, 0)}
print(len(visited))
print(Point(1, 2) in visited, Point(2, 1) in visited)

distances = {Point(0, 0): 0.0}
distances[Point(3, 4)] = 5.0
distances[Point(0, 0)] = -1.0  # the same key: the value is replaced, the order kept
print(distances)
print(distances[Point(3, 4)], distances.get(Point(9, 9), "far"))

del distances[Point(0, 0)]
print(list(distances))
print(hash(Point(1, 2)) == hash((1, 2)))

# Equal points are equal keys whatever object holds them.
counts = {}
for p in [Point(1, 1), Point(2, 2), Point(1, 1), Point(1, 1)]:
    counts[p] = counts.get(p, 0) + 1
print(counts)

# A point is never equal to a tuple: Point.__eq__ returns NotImplemented, and so does
# tuple's, so == falls back to identity.
print(Point(1, 2) == (1, 2), (1, 2) in {Point(1, 2)})
