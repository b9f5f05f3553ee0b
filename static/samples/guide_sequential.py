import asyncio


async def coroutine1():
    print("Coroutine 1 started")
    await asyncio.sleep(1)
    print("Coroutine 1 finished")
    return "Result 1"


async def coroutine2():
    print("Coroutine 2 started")
    await asyncio.sleep(2)
    print("Coroutine 2 finished")
    return "Result 2"


async def main():
    result1 = await coroutine1()
    result2 = await coroutine2()
    print(f"Results: {result1}, {result2}")


asyncio.run(main())
