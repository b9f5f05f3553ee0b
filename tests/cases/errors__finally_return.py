def f():
    try:
        return "try"
    finally:
        print("finally before return")
def g():
    try:
        1 / 0
    except ZeroDivisionError:
        return "except"
    finally:
        print("g finally")
def h():
    for i in range(3):
        try:
            return i
        finally:
            print("h finally", i)
print(f(), g(), h())
