import asyncio


async def fetch(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done")
    return name.upper()


async def broken():
    await asyncio.sleep(0.3)
    raise ValueError("bad input")


async def sleeper():
    try:
        await asyncio.sleep(10)
    finally:
        print("sleeper cleaned up")


async def main():
    s = asyncio.create_task(sleeper(), name="sleeper")
    results = await asyncio.gather(fetch("a", 0.5), fetch("b", 1.0), broken(), return_exceptions=True)
    print(results)
    q = asyncio.Queue()

    async def consumer():
        while True:
            item = await q.get()
            if item is None:
                return "consumed"
            await asyncio.sleep(0.1)

    c = asyncio.create_task(consumer(), name="consumer")
    for i in range(3):
        await q.put(i)
        await asyncio.sleep(0.05)
    await q.put(None)
    print(await c)
    s.cancel()
    await asyncio.sleep(0)


asyncio.run(main())
