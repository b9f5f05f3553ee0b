"""Augmented assignments name their own operator in TypeErrors."""


def show(label, action):
    try:
        action()
    except TypeError as e:
        print(f"{label}: {e}")


def add_str_to_int():
    total = 0
    total += "5"


def sub_from_str():
    text = "abc"
    text -= "c"


def pow_list():
    values = [1, 2]
    values **= 2


def concat_str():
    name = "item"
    name += 3


def extend_list():
    items = [1]
    items += 5


def tuple_plus():
    point = (1, 2)
    point += [3]


def floor_div_none():
    n = 10
    n //= None


show("int += str", add_str_to_int)
show("str -= str", sub_from_str)
show("list **= int", pow_list)
show("str += int", concat_str)
show("list += int", extend_list)
show("tuple += list", tuple_plus)
show("int //= None", floor_div_none)

items = [1, 2]
alias = items
items += [3]  # lists extend in place: the alias sees it
print(alias)
items *= 2
print(alias, items is alias)
counts = {"a": 1}
counts |= {"b": 2}
print(counts)
x = 7
x += 1.5
print(x)
total = 0
total -= "x"
