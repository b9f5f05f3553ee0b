def factory(base):
    class Derived(base):
        def describe(self):
            return f"{type(self).__name__} from {base.__name__}"
    return Derived
D = factory(Exception)
print(D().describe(), isinstance(D(), Exception))
def counter_class(start):
    class C:
        value = start
        def bump(self):
            C.value += 1
            return C.value
    return C
K = counter_class(10)
print(K().bump(), K().bump())
