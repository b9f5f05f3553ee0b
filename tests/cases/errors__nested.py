def level3():
    raise RuntimeError("deep")
def level2():
    try:
        level3()
    except KeyError:
        print("no")
def level1():
    try:
        level2()
    except RuntimeError as e:
        print("level1 caught", e)
        return "ok"
    finally:
        print("level1 finally")
print(level1())
try:
    try:
        raise ValueError("a")
    finally:
        print("inner finally")
except ValueError as e:
    print("outer", e)
