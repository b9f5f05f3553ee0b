import asyncio


async def ticker(name):
    for i in range(2):
        print(name, i)
        await asyncio.sleep(-1)


async def main():
    await asyncio.gather(ticker("x"), ticker("y"))
    r = await asyncio.sleep(-5, result="negative is zero")
    print(r)


asyncio.run(main())
