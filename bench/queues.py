# Benchmark: 1,000 producer/consumer pairs, each pair passing 100 items over its own
# bounded queue (maxsize 4), so producers block on full queues and consumers on empty ones.
import asyncio

PAIRS = 1000
ITEMS = 100


async def producer(q):
    for i in range(ITEMS):
        await q.put(i)
    await q.put(None)


async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item is None:
            return total
        total += item


async def main():
    consumers = []
    producers = []
    for _ in range(PAIRS):
        q = asyncio.Queue(maxsize=4)
        producers.append(asyncio.create_task(producer(q)))
        consumers.append(asyncio.create_task(consumer(q)))
    totals = await asyncio.gather(*consumers)
    await asyncio.gather(*producers)
    print("pairs", len(totals), "sum", sum(totals))


asyncio.run(main())
