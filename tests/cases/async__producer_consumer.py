import asyncio


async def producer(name, q, n):
    for i in range(n):
        await asyncio.sleep(0.3)
        item = f"{name}-{i}"
        await q.put(item)
        print("produced", item)


async def consumer(name, q):
    while True:
        item = await q.get()
        print(name, "consumed", item)
        await asyncio.sleep(0.5)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=3)
    producers = [asyncio.create_task(producer(p, q, 3)) for p in ("P1", "P2")]
    consumers = [asyncio.create_task(consumer(c, q)) for c in ("C1", "C2")]
    await asyncio.gather(*producers)
    print("producers done")
    await q.join()
    print("queue drained")
    for c in consumers:
        c.cancel()


asyncio.run(main())
