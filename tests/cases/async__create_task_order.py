import asyncio


async def hello(n):
    print(f"task {n} started")
    await asyncio.sleep(0)
    print(f"task {n} resumed")


async def main():
    for n in range(3):
        asyncio.create_task(hello(n))
        print(f"created {n}")
    print("main yields")
    await asyncio.sleep(0)
    print("main back")
    await asyncio.sleep(0)
    print("main end")


asyncio.run(main())
