import asyncio
import random

random.seed(2024)


async def worker(name):
    delay = random.uniform(0.1, 1)
    print(f"{name} will sleep {delay:.3f}s")
    await asyncio.sleep(delay)
    print(f"{name} woke up")
    return round(delay, 3)


async def main():
    results = await asyncio.gather(*(worker(f"worker-{i}") for i in range(5)))
    print(results)


asyncio.run(main())
