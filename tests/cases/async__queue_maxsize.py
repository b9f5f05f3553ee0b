import asyncio


async def producer(q):
    for i in range(5):
        print(f"producer putting {i} (qsize {q.qsize()}, full {q.full()})")
        await q.put(i)
        print(f"producer put {i}")
    await q.put(None)


async def consumer(q):
    while True:
        await asyncio.sleep(1)
        item = await q.get()
        if item is None:
            break
        print(f"consumer got {item}")


async def main():
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q), consumer(q))
    print("done, empty:", q.empty())


asyncio.run(main())
