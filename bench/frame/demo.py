import asyncio
import time


async def fetch(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done")
    return name.upper()


async def broken():
    await asyncio.sleep(0.3)
    raise ValueError("bad input")


async def ticker():
    while True:
        await asyncio.sleep(0.25)


async def blocker():
    await asyncio.sleep(0.6)
    time.sleep(0.1)  # blocks the whole loop for 0.1 s


async def main():
    t = asyncio.create_task(ticker(), name="ticker")
    b = asyncio.create_task(blocker(), name="blocker")
    fetch("forgotten", 0)  # never awaited
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
    t.cancel()
    await b
    await asyncio.sleep(0)


asyncio.run(main())
