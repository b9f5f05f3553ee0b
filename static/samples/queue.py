import asyncio


async def producer(queue, n):
    for i in range(n):
        await asyncio.sleep(0.1)
        await queue.put(i)
        print(f"produced {i} (size {queue.qsize()})")
    await queue.put(None)


async def consumer(queue):
    total = 0
    while True:
        item = await queue.get()
        if item is None:
            break
        await asyncio.sleep(0.25)
        total += item
        print(f"consumed {item}")
    return total


async def main():
    queue = asyncio.Queue(maxsize=2)
    prod = asyncio.create_task(producer(queue, 5), name="producer")
    cons = asyncio.create_task(consumer(queue), name="consumer")
    await prod
    print("total:", await cons)


asyncio.run(main())
