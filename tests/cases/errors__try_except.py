def div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return "div by zero"
print(div(6, 3), div(1, 0))
try:
    [][1]
except (IndexError, KeyError) as e:
    print("lookup:", e)
try:
    {}["k"]
except LookupError as e:
    print("key:", repr(e))
try:
    int("abc")
except ValueError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
