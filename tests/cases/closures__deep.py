def a(x):
    def b(y):
        def c(z):
            def d():
                return x + y + z
            return d
        return c
    return b
print(a(1)(2)(3)())
def outer():
    v = "outer"
    class Inner:
        def get(self):
            return v
    return Inner().get()
print(outer())
