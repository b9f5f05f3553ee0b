import asyncio


async def main():
    lock = asyncio.Lock()
    print("locked:", lock.locked())
    print("acquire returns", await lock.acquire())
    print("locked:", lock.locked())

    async def other():
        print("other waiting")
        await lock.acquire()
        print("other acquired")
        lock.release()

    t = asyncio.create_task(other())
    await asyncio.sleep(1)
    lock.release()
    print("main released")
    await t
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
