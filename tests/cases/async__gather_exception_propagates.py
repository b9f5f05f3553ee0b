import asyncio


async def ok(n, delay):
    await asyncio.sleep(delay)
    print("ok", n, "finished")
    return n


async def bad(delay):
    await asyncio.sleep(delay)
    print("bad raising")
    raise ValueError("bad input")


async def main():
    try:
        await asyncio.gather(ok(1, 1), bad(2), ok(3, 3))
    except ValueError as e:
        print("gather raised", repr(e))
    print("others keep running")
    await asyncio.sleep(2)
    print("main done")


asyncio.run(main())
