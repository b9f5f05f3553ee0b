class M:
    factor = 3
    @staticmethod
    def double(x):
        return x * 2
    @classmethod
    def triple(cls, x):
        return x * cls.factor
    @property
    def name(self):
        return "m"
print(M.double(4), M.triple(4), M().name)
class N(M):
    factor = 10
print(N.triple(4))
