import asyncio


async def child(n):
    try:
        print("child", n, "sleeping")
        await asyncio.sleep(n)
        print("child", n, "finished")
        return n
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise


async def main():
    g = asyncio.gather(child(1), child(2), child(3))
    await asyncio.sleep(1.5)
    print("cancelling the gather:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather was cancelled")
    print("g.cancelled() =", g.cancelled())


asyncio.run(main())
