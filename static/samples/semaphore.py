import asyncio


async def fetch(sem, i):
    async with sem:
        print(f"fetch {i}: start")
        await asyncio.sleep(0.2 + 0.1 * (i % 2))
        print(f"fetch {i}: done")
        return i * i


async def main():
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(fetch(sem, i), name=f"fetch-{i}") for i in range(5)]
    print(await asyncio.gather(*tasks))


asyncio.run(main())
