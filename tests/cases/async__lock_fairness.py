import asyncio


async def critical(name, lock, hold):
    print(name, "wants the lock")
    async with lock:
        print(name, "holds the lock")
        await asyncio.sleep(hold)
        print(name, "releases")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(
        critical("A", lock, 1),
        critical("B", lock, 0.5),
        critical("C", lock, 0.25),
        critical("D", lock, 0),
    )
    print("locked at end:", lock.locked())


asyncio.run(main())
