import asyncio

async def job(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "done")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    g = asyncio.gather(job("a", 1), job("b", 2))
    await asyncio.sleep(0.5)
    print("cancel ->", g.cancel("stop"))
    try:
        await g
    except asyncio.CancelledError as e:
        print("outer cancelled", e.args)
    print(g.cancelled(), g.done())

    g2 = asyncio.gather(job("c", 1), job("d", 2), return_exceptions=True)
    await asyncio.sleep(0.5)
    g2.cancel()
    try:
        print(await g2)
    except asyncio.CancelledError as e:
        print("outer2 cancelled", e.args)

    async def parent():
        return await asyncio.gather(job("e", 1), job("f", 2))
    p = asyncio.create_task(parent())
    await asyncio.sleep(0.5)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        print("parent cancelled", p.cancelled())

    g3 = asyncio.gather(job("h", 0.1))
    await g3
    print("cancel done gather ->", g3.cancel())

asyncio.run(main())
