import asyncio


async def part(n):
    try:
        await asyncio.sleep(n)
        return n
    finally:
        print("part", n, "finally")


async def runner():
    try:
        await asyncio.gather(part(1), part(2), part(3))
    except asyncio.CancelledError:
        print("runner cancelled while awaiting gather")
        raise


async def main():
    t = asyncio.create_task(runner())
    await asyncio.sleep(1.5)
    t.cancel()
    res = await asyncio.gather(t, return_exceptions=True)
    print(res)


asyncio.run(main())
