import asyncio

async def consumer(name, cond, items):
    async with cond:
        print(name, "waiting")
        await cond.wait_for(lambda: items)
        print(name, "consumed", items.pop(0))

async def waiter(name, cond):
    async with cond:
        print(name, "wait")
        r = await cond.wait()
        print(name, "notified", r)

async def main():
    cond = asyncio.Condition()
    ws = [asyncio.create_task(waiter(f"w{i}", cond)) for i in range(4)]
    await asyncio.sleep(0.1)
    async with cond:
        cond.notify(2)
        print("notified 2")
    await asyncio.sleep(0.1)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ws)
    items = []
    cs = [asyncio.create_task(consumer(f"c{i}", cond, items)) for i in range(3)]
    for i in range(3):
        await asyncio.sleep(0.1)
        async with cond:
            items.append(i)
            cond.notify()
    await asyncio.gather(*cs)
    try:
        await cond.wait()
    except RuntimeError as e:
        print(e)
    try:
        cond.notify()
    except RuntimeError as e:
        print(e)
    # cancel a waiter while it waits and while it re-acquires
    lock = asyncio.Lock()
    cond2 = asyncio.Condition(lock)
    w = asyncio.create_task(waiter("x", cond2))
    w2 = asyncio.create_task(waiter("y", cond2))
    await asyncio.sleep(0.1)
    w.cancel()
    await asyncio.sleep(0)
    async with cond2:
        cond2.notify()
        await asyncio.sleep(0.1)
        w2.cancel()
    await asyncio.sleep(0.1)
    print(w.cancelled(), w2.cancelled(), lock.locked())

asyncio.run(main())
