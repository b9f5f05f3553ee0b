eg = ExceptionGroup("batch", [ValueError(1), KeyError(2), ValueError(3)])
print(repr(eg.message), len(eg.exceptions))
try:
    raise eg
except* KeyError as g:
    print("keys", [repr(x) for x in g.exceptions])
except* ValueError as g:
    print("values", [repr(x) for x in g.exceptions])
try:
    raise ExceptionGroup("outer", [TypeError("t")])
except* TypeError:
    print("handled type")
else:
    print("no")
finally:
    print("finally")
