import asyncio

async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b"), (1, "a2"), (5, "e"), (0, "z"), (2, "b2"), (4, "d"), (1, "a0")]:
        pq.put_nowait(item)
    out = []
    while not pq.empty():
        out.append(await pq.get())
    print(out)
    lq = asyncio.LifoQueue()
    for i in range(5):
        await lq.put(i)
    print([lq.get_nowait() for _ in range(5)])

    # getters waiting, cancelled getter skipped
    q = asyncio.Queue()
    async def getter(name):
        v = await q.get()
        print(name, "got", v)
    gs = [asyncio.create_task(getter(f"g{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    gs[0].cancel()
    q.put_nowait("x")
    q.put_nowait("y")
    await asyncio.sleep(0.1)
    print([g.done() for g in gs], q.qsize())
    q.put_nowait("z")
    await asyncio.sleep(0)
    print(q.qsize())
    # put waiters with cancellation
    q2 = asyncio.Queue(1)
    q2.put_nowait(0)
    async def putter(v):
        await q2.put(v)
        print("put", v)
    ps = [asyncio.create_task(putter(i)) for i in range(1, 4)]
    await asyncio.sleep(0.1)
    print(q2.get_nowait())
    ps[0].cancel()
    await asyncio.sleep(0.1)
    print(q2.get_nowait())
    await asyncio.sleep(0.1)
    print(q2.get_nowait())
    await asyncio.sleep(0.1)
    print([p.cancelled() for p in ps], q2.qsize())

asyncio.run(main())
