import asyncio

async def worker(name, sem, delay):
    print(name, "wants", sem.locked())
    async with sem:
        print(name, "in")
        await asyncio.sleep(delay)
        print(name, "out")

async def main():
    sem = asyncio.Semaphore(2)
    ts = [asyncio.create_task(worker(f"w{i}", sem, 0.1 * (i % 3 + 1))) for i in range(6)]
    await asyncio.sleep(0.05)
    ts[3].cancel()
    await asyncio.gather(*ts, return_exceptions=True)
    print(sem.locked(), sem._value)
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print(e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print(e)
    s0 = asyncio.Semaphore(0)
    ws = [asyncio.create_task(worker(f"z{i}", s0, 0.1)) for i in range(3)]
    await asyncio.sleep(0.1)
    s0.release()
    s0.release()
    ws[0].cancel()
    await asyncio.sleep(1)
    print([w.done() for w in ws], s0._value)
    s0.release()
    await asyncio.gather(*ws, return_exceptions=True)
    print(s0._value)

asyncio.run(main())
