import asyncio


async def main():
    loop = asyncio.get_running_loop()
    for _ in range(1000):
        await asyncio.sleep(0.001)
    print("after 1000 x sleep(0.001):", loop.time())
    for _ in range(10):
        await asyncio.sleep(0.1)
    print("after 10 x sleep(0.1):", loop.time())
    await asyncio.sleep(1 / 3)
    print(f"{loop.time():.6f}", loop.time())


asyncio.run(main())
