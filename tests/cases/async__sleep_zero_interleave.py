import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await asyncio.sleep(0)
    print(f"{name} done")


async def main():
    tasks = [
        asyncio.create_task(worker("A", 3)),
        asyncio.create_task(worker("B", 2)),
        asyncio.create_task(worker("C", 4)),
    ]
    print("main created tasks")
    await asyncio.sleep(0)
    print("main after one sleep(0)")
    for t in tasks:
        await t
    print("all done")


asyncio.run(main())
