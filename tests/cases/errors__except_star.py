def fail():
    raise ExceptionGroup("many", [ValueError("v1"), TypeError("t1"), ValueError("v2")])
try:
    fail()
except* ValueError as eg:
    print("values:", [str(e) for e in eg.exceptions])
except* TypeError as eg:
    print("types:", [str(e) for e in eg.exceptions])
try:
    try:
        raise ExceptionGroup("g", [KeyError("k")])
    except* ValueError:
        print("not here")
except ExceptionGroup as eg:
    print("escaped:", repr(eg.exceptions[0]))
