import asyncio

async def waiter(name, ev):
    print(name, "waiting")
    r = await ev.wait()
    print(name, "woke", r)

async def main():
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(f"t{i}", ev)) for i in range(3)]
    await asyncio.sleep(1)
    print("set", ev.is_set())
    ev.set()
    ev.set()
    print("after set", ev.is_set())
    await asyncio.sleep(0)
    print("one turn")
    await asyncio.gather(*ts)
    ev.clear()
    t = asyncio.create_task(waiter("late", ev))
    await asyncio.sleep(0.5)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("late cancelled")
    print(await ev.wait() if ev.is_set() else "unset")

asyncio.run(main())
