import asyncio


async def consumer(q):
    try:
        item = await q.get()
        print("got", item)
    except asyncio.CancelledError:
        print("consumer cancelled while waiting on get()")
        raise


async def main():
    q = asyncio.Queue()
    t = asyncio.create_task(consumer(q))
    await asyncio.sleep(1)
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    q.put_nowait("for the next consumer")
    t2 = asyncio.create_task(consumer(q))
    await t2
    full = asyncio.Queue(maxsize=1)
    full.put_nowait(0)

    async def blocked_put():
        try:
            await full.put(1)
        finally:
            print("put cancelled; qsize", full.qsize())

    t3 = asyncio.create_task(blocked_put())
    await asyncio.sleep(1)
    t3.cancel()
    await asyncio.gather(t3, return_exceptions=True)
    print("t3 cancelled:", t3.cancelled())


asyncio.run(main())
