import asyncio


async def job():
    await asyncio.sleep(1)
    print("job returns")
    return "v"


async def awaiter(name, t):
    r = await t
    print(name, "woke with", r)


async def main():
    t = asyncio.create_task(job())
    t.add_done_callback(lambda f: print("callback 1"))
    a1 = asyncio.create_task(awaiter("awaiter 1", t))
    a2 = asyncio.create_task(awaiter("awaiter 2", t))
    await asyncio.sleep(0)
    t.add_done_callback(lambda f: print("callback 2"))
    await asyncio.gather(a1, a2)
    print("main done")


asyncio.run(main())
