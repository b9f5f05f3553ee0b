def attempt(v):
    try:
        r = 10 // v
    except ZeroDivisionError:
        return "zero"
    except (TypeError, ValueError) as e:
        return f"type: {type(e).__name__}"
    else:
        return f"ok {r}"
    finally:
        print("tried", repr(v))
print(attempt(2))
print(attempt(0))
print(attempt("x"))
try:
    pass
finally:
    print("only finally")
try:
    raise KeyError("a")
except:
    print("bare except")
