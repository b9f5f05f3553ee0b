def f():
    try:
        print("body")
        return "from try"
    finally:
        print("finally runs")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
            print("i =", i)
        finally:
            print("cleanup", i)
g()
def h():
    try:
        raise ValueError("x")
    except ValueError:
        print("handled")
        raise
    finally:
        print("last")
try:
    h()
except ValueError as e:
    print("outer", e)
