import asyncio


async def stepper():
    for i in range(3):
        await asyncio.sleep(0.1)
    print("stepper at", asyncio.get_running_loop().time())


async def direct():
    await asyncio.sleep(0.3)
    print("direct at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(stepper(), direct())
    await asyncio.gather(direct(), stepper())
    print(0.1 + 0.1 + 0.1, 0.3)


asyncio.run(main())
