import asyncio

async def coro(x):
    await asyncio.sleep(0.1)
    return x * 2

class Awaitable:
    def __await__(self):
        yield
        return 42

async def main():
    t = asyncio.ensure_future(coro(1))
    print(isinstance(t, asyncio.Task), await t)
    f = asyncio.get_running_loop().create_future()
    print(asyncio.ensure_future(f) is f)
    f.set_result("f")
    print(await asyncio.ensure_future(f))
    print(await asyncio.ensure_future(Awaitable()))
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print(e)
    print(asyncio.iscoroutine(coro(0)) if False else "skip")
    c = coro(0)
    print(asyncio.iscoroutine(c), asyncio.iscoroutine(t))
    await c
    names = []
    async def named():
        names.append(asyncio.current_task().get_name())
    await asyncio.gather(named(), named(), asyncio.ensure_future(named()))
    print(names)

asyncio.run(main())
