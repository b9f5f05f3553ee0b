"""Comparison methods: NotImplemented lets the other operand answer."""


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        if isinstance(other, Money):
            return self.cents == other.cents
        if isinstance(other, int):
            return self.cents == other * 100
        return NotImplemented

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.cents < other.cents

    def __repr__(self):
        return f"Money({self.cents})"


print(Money(500) == Money(500), Money(500) != Money(501))
print(Money(300) == 3, 3 == Money(300))  # int.__eq__ gives NotImplemented, then Money's
print(Money(1) == "one")  # both give NotImplemented: identity decides
print(Money(1) < Money(2), Money(5) > Money(2))  # > is answered by the reflected __lt__
print(sorted([Money(30), Money(10), Money(20)]))
try:
    Money(1) < 5
except TypeError as e:
    print("TypeError:", e)


class Vector:
    def __init__(self, *xs):
        self.xs = xs

    def __eq__(self, other):
        # Element-wise comparison returns a list, not a bool.
        return [a == b for a, b in zip(self.xs, other.xs)]


print(Vector(1, 2, 3) == Vector(1, 0, 3))
print(Vector(1) != Vector(1))


class Base:
    def __eq__(self, other):
        print("Base.__eq__")
        return NotImplemented


class Derived(Base):
    def __eq__(self, other):
        print("Derived.__eq__")
        return True


print(Base() == Derived())  # the subclass's reflected method goes first
print(NotImplemented)
