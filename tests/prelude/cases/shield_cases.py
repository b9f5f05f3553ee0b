import asyncio

async def work(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "completed")
        return name
    except asyncio.CancelledError:
        print(name, "was cancelled")
        raise

async def main():
    inner = asyncio.create_task(work("inner", 1))
    async def outer():
        return await asyncio.shield(inner)
    o = asyncio.create_task(outer())
    await asyncio.sleep(0.2)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("outer cancelled, inner done?", inner.done())
    print(await inner)
    print(await asyncio.shield(work("direct", 0.1)))
    t = asyncio.create_task(work("done-already", 0))
    await asyncio.sleep(0.1)
    s = asyncio.shield(t)
    print(s is t)
    inner2 = asyncio.create_task(work("inner2", 1))
    s2 = asyncio.shield(inner2)
    await asyncio.sleep(0.1)
    inner2.cancel()
    try:
        await s2
    except asyncio.CancelledError:
        print("shield sees inner cancel", s2.cancelled())
    async def boom():
        await asyncio.sleep(0.1)
        raise OSError("boom")
    try:
        await asyncio.shield(boom())
    except OSError as e:
        print("OSError", e)

asyncio.run(main())
