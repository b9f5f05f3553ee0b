import asyncio

async def producer(q, n, name):
    for i in range(n):
        print(name, "put", i, "qsize", q.qsize(), "full", q.full())
        await q.put((name, i))
        print(name, "put done", i)
    print(name, "finished")

async def consumer(q, name, delay):
    while True:
        item = await q.get()
        print(name, "got", item)
        await asyncio.sleep(delay)
        q.task_done()

async def main():
    q = asyncio.Queue(maxsize=2)
    print(q, q.maxsize, q.empty())
    prods = [asyncio.create_task(producer(q, 3, f"p{i}")) for i in range(2)]
    cons = [asyncio.create_task(consumer(q, f"c{i}", 0.3 + 0.1 * i)) for i in range(2)]
    await asyncio.gather(*prods)
    print("producers done", q)
    await q.join()
    print("joined", q.qsize())
    for c in cons:
        c.cancel()
    res = await asyncio.gather(*cons, return_exceptions=True)
    print(res)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    q.put_nowait(1); q.put_nowait(2)
    try:
        q.put_nowait(3)
    except asyncio.QueueFull:
        print("QueueFull")
    print(q.get_nowait(), q.get_nowait())
    try:
        for _ in range(10):
            q.task_done()
    except ValueError as e:
        print("ValueError", e)

asyncio.run(main())
