class Boom(Exception):
    pass
def explode(n):
    if n == 0:
        raise Boom("the end")
    explode(n - 1)
print("start")
explode(3)
