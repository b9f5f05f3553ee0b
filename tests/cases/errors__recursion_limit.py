# Deep recursion raises RecursionError at CPython's limit (1000 frames), never a crash, and the
# traceback summarises the repeated frames.
def f(n):
    return f(n + 1)


try:
    f(0)
except RecursionError as e:
    print("caught", e)


def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n


print("deep enough:", depth(0) > 900)
f(0)
