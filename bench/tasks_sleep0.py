# Benchmark: 10,000 tasks, each doing 100 `await asyncio.sleep(0)` (about 1M task switches).
import asyncio

TASKS = 10000
STEPS = 100


async def worker(i):
    total = 0
    for _ in range(STEPS):
        await asyncio.sleep(0)
        total += 1
    return total


async def main():
    tasks = [asyncio.create_task(worker(i)) for i in range(TASKS)]
    results = await asyncio.gather(*tasks)
    print("tasks", len(results), "steps", sum(results))


asyncio.run(main())
