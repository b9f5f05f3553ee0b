import asyncio


async def tick(name, n):
    for i in range(n):
        await asyncio.sleep(0.2)
    print(name, "finished", n, "ticks")


async def main():
    loop = asyncio.get_running_loop()
    print("is running:", loop.is_running())
    tasks = [loop.create_task(tick(f"t{i}", i + 1)) for i in range(3)]
    await asyncio.wait(tasks)
    print("every task done:", all(t.done() for t in tasks))


asyncio.run(main())
