import asyncio


async def waiter(name, event):
    print(f"{name} waits for the event")
    await event.wait()
    print(f"{name} saw the event")


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(f"w{i}", event), name=f"w{i}") for i in range(3)]
    await asyncio.sleep(0.5)
    print("main sets the event")
    event.set()
    await asyncio.gather(*tasks)


asyncio.run(main())
