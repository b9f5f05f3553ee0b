import asyncio


async def holder(lock):
    async with lock:
        print("holder has the lock")
        await asyncio.sleep(2)
    print("holder released")


async def contender(name, lock):
    try:
        async with lock:
            print(name, "got the lock")
    except asyncio.CancelledError:
        print(name, "cancelled while waiting for the lock")
        raise


async def main():
    lock = asyncio.Lock()
    h = asyncio.create_task(holder(lock))
    await asyncio.sleep(0)
    c1 = asyncio.create_task(contender("c1", lock))
    c2 = asyncio.create_task(contender("c2", lock))
    await asyncio.sleep(1)
    c1.cancel()
    await asyncio.gather(h, c1, c2, return_exceptions=True)
    print("c1 cancelled:", c1.cancelled(), "c2 cancelled:", c2.cancelled(), "locked:", lock.locked())


asyncio.run(main())
