import asyncio


async def child(n):
    await asyncio.sleep(n)
    print("child", n, "done")
    return n


async def main():
    tasks = [asyncio.create_task(child(n)) for n in (1, 2, 3)]
    g = asyncio.gather(*tasks)
    await asyncio.sleep(0.5)
    tasks[1].cancel()
    try:
        await g
    except asyncio.CancelledError:
        print("gather raised CancelledError")
    print([t.cancelled() for t in tasks], [t.done() for t in tasks])
    await asyncio.sleep(3)
    print([t.done() for t in tasks])
    tasks = [asyncio.create_task(child(n)) for n in (1, 2)]
    tasks[0].cancel()
    res = await asyncio.gather(*tasks, return_exceptions=True)
    print("with return_exceptions:", res)


asyncio.run(main())
