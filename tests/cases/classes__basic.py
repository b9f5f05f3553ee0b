class Dog:
    species = "canis"
    def __init__(self, name, age):
        self.name = name
        self.age = age
    def bark(self):
        return f"{self.name} says woof"
    def birthday(self):
        self.age += 1
        return self
d = Dog("Rex", 3)
print(d.bark(), d.age, d.species, Dog.species)
print(d.birthday().age)
print(isinstance(d, Dog), type(d).__name__)
