import asyncio


async def user(name, sem, hold):
    print(name, "waiting")
    async with sem:
        print(name, "acquired")
        await asyncio.sleep(hold)
    print(name, "released")


async def main():
    sem = asyncio.Semaphore(2)
    tasks = []
    for i, hold in enumerate([1, 0.5, 0.25, 0.75, 0.1, 0.3]):
        tasks.append(asyncio.create_task(user(f"u{i}", sem, hold)))
    await asyncio.gather(*tasks)
    print("locked:", sem.locked())


asyncio.run(main())
