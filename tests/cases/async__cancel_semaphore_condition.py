import asyncio


async def sem_user(sem):
    try:
        async with sem:
            print("never gets the semaphore")
    except asyncio.CancelledError:
        print("cancelled while acquiring the semaphore")
        raise


async def cond_user(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError:
            print("cancelled in cond.wait(); lock held again:", cond.locked())
            raise


async def main():
    sem = asyncio.Semaphore(0)
    cond = asyncio.Condition()
    a = asyncio.create_task(sem_user(sem))
    b = asyncio.create_task(cond_user(cond))
    await asyncio.sleep(1)
    a.cancel()
    b.cancel()
    print(await asyncio.gather(a, b, return_exceptions=True))
    print("cond locked:", cond.locked())


asyncio.run(main())
