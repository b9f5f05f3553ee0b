import asyncio


async def download(n, sem):
    async with sem:
        print(f"download {n} start")
        await asyncio.sleep(1)
        print(f"download {n} end")


async def main():
    sem = asyncio.Semaphore(2)
    print("locked:", sem.locked())
    await asyncio.gather(*(download(n, sem) for n in range(5)))
    await sem.acquire()
    await sem.acquire()
    print("locked after two acquires:", sem.locked())
    sem.release()
    sem.release()
    sem.release()
    print("plain Semaphore allows extra release; locked:", sem.locked())


asyncio.run(main())
