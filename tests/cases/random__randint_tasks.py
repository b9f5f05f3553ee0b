import asyncio
import random


async def fetch(i):
    delay = random.randint(1, 5) / 10
    await asyncio.sleep(delay)
    if random.random() < 0.3:
        raise ConnectionError(f"request {i} failed")
    return f"request {i} ok after {delay}"


async def main():
    random.seed(99)
    results = await asyncio.gather(*(fetch(i) for i in range(8)), return_exceptions=True)
    for r in results:
        print(r if isinstance(r, str) else f"error: {r}")
    big = random.randrange(10**12)
    print(big, random.randint(10**20, 10**21))


asyncio.run(main())
