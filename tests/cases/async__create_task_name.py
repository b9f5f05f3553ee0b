import asyncio


async def job(n):
    await asyncio.sleep(n / 10)
    return n


async def main():
    me = asyncio.current_task()
    print("main task name:", me.get_name())
    a = asyncio.create_task(job(1))
    b = asyncio.create_task(job(2), name="worker-b")
    c = asyncio.create_task(job(3))
    print(a.get_name(), b.get_name(), c.get_name())
    c.set_name("renamed")
    print("after set_name:", c.get_name())
    c.set_name(42)
    print("set_name(42):", repr(c.get_name()))
    print(await a, await b, await c)


asyncio.run(main())
