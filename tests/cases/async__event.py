import asyncio


async def waiter(name, event):
    print(name, "waiting")
    await event.wait()
    print(name, "released, is_set =", event.is_set())


async def main():
    event = asyncio.Event()
    print("is_set:", event.is_set())
    tasks = [asyncio.create_task(waiter(f"w{i}", event)) for i in range(3)]
    await asyncio.sleep(1)
    print("setting the event")
    event.set()
    await asyncio.gather(*tasks)
    print("wait on a set event returns", await event.wait())
    event.clear()
    print("cleared:", event.is_set())
    t = asyncio.create_task(waiter("late", event))
    await asyncio.sleep(0.5)
    event.set()
    event.clear()
    await t


asyncio.run(main())
