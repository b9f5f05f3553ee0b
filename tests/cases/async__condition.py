import asyncio


async def consumer(name, cond, items):
    async with cond:
        print(name, "waiting")
        await cond.wait()
        print(name, "woke up; items", items)


async def waiter_for(cond, items):
    async with cond:
        await cond.wait_for(lambda: len(items) >= 3)
        print("wait_for predicate true with", items)


async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(f"c{i}", cond, items)) for i in range(3)]
    pred = asyncio.create_task(waiter_for(cond, items))
    await asyncio.sleep(1)
    async with cond:
        items.append(1)
        cond.notify()
        print("notified one")
    await asyncio.sleep(1)
    async with cond:
        items.append(2)
        cond.notify(1)
    await asyncio.sleep(1)
    async with cond:
        items.append(3)
        cond.notify_all()
        print("notified all")
    await asyncio.gather(*tasks, pred)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
