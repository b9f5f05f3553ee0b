import asyncio


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


async def squares(source):
    async for x in source:
        yield x * x


async def main():
    async for value in ticker(3, 0.5):
        print("tick", value)
    total = 0
    async for sq in squares(ticker(4, 0.25)):
        total += sq
        print("square", sq)
    print("total", total)
    collected = [v async for v in ticker(3, 0.1)]
    print("comprehension", collected)


asyncio.run(main())
