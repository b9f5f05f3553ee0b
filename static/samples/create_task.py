import asyncio


async def ticker(name, period, count):
    for i in range(count):
        print(f"{name} tick {i}")
        await asyncio.sleep(period)
    return f"{name} done"


async def main():
    fast = asyncio.create_task(ticker("fast", 0.1, 4), name="fast")
    slow = asyncio.create_task(ticker("slow", 0.25, 2), name="slow")
    print("tasks created; main keeps going")
    await asyncio.sleep(0)
    print("main awaits fast")
    print(await fast)
    print(await slow)


asyncio.run(main())
