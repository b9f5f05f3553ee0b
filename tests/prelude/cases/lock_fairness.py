import asyncio

async def worker(name, lock, hold):
    print(name, "wants lock", lock.locked())
    async with lock:
        print(name, "has lock")
        await asyncio.sleep(hold)
        print(name, "releases")

async def canceller(lock):
    await lock.acquire()
    print("canceller holds")
    await asyncio.sleep(0.5)
    lock.release()

async def main():
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(worker(f"w{i}", lock, 0.1 * (i + 1))) for i in range(4)]
    await asyncio.sleep(0)
    tasks[1].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print([t.cancelled() for t in tasks])
    # cancel a waiter right after release wakes it
    lock2 = asyncio.Lock()
    await lock2.acquire()
    a = asyncio.create_task(worker("a", lock2, 0.1))
    b = asyncio.create_task(worker("b", lock2, 0.1))
    await asyncio.sleep(0)
    lock2.release()
    a.cancel()
    await asyncio.sleep(0.5)
    print(a.cancelled(), b.done(), lock2.locked())
    try:
        lock2.release()
    except RuntimeError as e:
        print("RuntimeError", e)

asyncio.run(main())
