try:
    raise ValueError("a", 1, None)
except ValueError as e:
    print(e.args, str(e), repr(e))
e = KeyError("k")
print(str(e), repr(e), e.args)
print(str(ValueError()), repr(ValueError()), repr(TypeError("t")))
print(isinstance(ZeroDivisionError(), ArithmeticError), issubclass(KeyError, LookupError))
print(issubclass(TimeoutError, OSError), issubclass(StopIteration, Exception))
print(issubclass(NotImplementedError, RuntimeError), issubclass(RecursionError, RuntimeError))
