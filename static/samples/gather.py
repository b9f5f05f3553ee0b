import asyncio


async def worker(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done after {delay}s")
    return name


async def main():
    results = await asyncio.gather(worker("fetch", 0.3), worker("parse", 0.1))
    print("results:", results)


asyncio.run(main())
