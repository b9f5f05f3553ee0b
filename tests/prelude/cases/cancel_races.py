import asyncio

async def getter(q, name):
    try:
        v = await q.get()
        print(name, "got", v)
    except asyncio.CancelledError:
        print(name, "cancelled, qsize", q.qsize())
        raise

async def acquirer(prim, name):
    try:
        await prim.acquire()
        print(name, "acquired")
        await asyncio.sleep(0.1)
        prim.release()
        print(name, "released")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    # a getter woken by put_nowait and then cancelled passes the item on
    q = asyncio.Queue()
    gs = [asyncio.create_task(getter(q, f"g{i}")) for i in range(3)]
    await asyncio.sleep(0)
    q.put_nowait("item")
    gs[0].cancel()
    await asyncio.sleep(0.1)
    print([g.done() for g in gs])
    for g in gs[2:]:
        g.cancel()
    await asyncio.gather(*gs, return_exceptions=True)

    # same for putters
    q = asyncio.Queue(1)
    q.put_nowait(0)
    async def putter(v):
        try:
            await q.put(v)
            print("put", v)
        except asyncio.CancelledError:
            print("putter", v, "cancelled, full", q.full())
            raise
    ps = [asyncio.create_task(putter(i)) for i in range(1, 4)]
    await asyncio.sleep(0)
    q.get_nowait()
    ps[0].cancel()
    await asyncio.sleep(0.1)
    print(q.qsize(), [p.done() for p in ps])
    ps[2].cancel()
    await asyncio.gather(*ps, return_exceptions=True)

    # a lock waiter woken by release and cancelled before running
    for prim in (asyncio.Lock(), asyncio.Semaphore(1), asyncio.BoundedSemaphore(1)):
        print(type(prim).__name__)
        await prim.acquire()
        ts = [asyncio.create_task(acquirer(prim, f"a{i}")) for i in range(3)]
        await asyncio.sleep(0)
        prim.release()
        ts[0].cancel()
        await asyncio.gather(*ts, return_exceptions=True)
        print("locked", prim.locked())

    # cancelled twice; cancel messages
    async def sleeper():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError as e:
            print("sleeper got", e.args, asyncio.current_task().cancelling())
            raise
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel("first")
    t.cancel("second")
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiter got", e.args)

    # timers that tie: timeout vs completion at the same instant
    async def finish_at(d, v):
        await asyncio.sleep(d)
        return v
    try:
        print(await asyncio.wait_for(finish_at(0.5, "in time"), 0.5))
    except TimeoutError:
        print("tie -> timeout")
    try:
        async with asyncio.timeout(0.5):
            print(await finish_at(0.5, "cm in time"))
    except TimeoutError:
        print("cm tie -> timeout")
    t1 = asyncio.create_task(finish_at(0.5, "x"))
    done, pending = await asyncio.wait([t1], timeout=0.5)
    print(len(done), len(pending))
    await asyncio.sleep(0.1)

asyncio.run(main())
