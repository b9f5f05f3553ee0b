import asyncio
async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
async def main():
    got = []
    async for v in ticker(3):
        got.append(v)
    print(got)
    agen = ticker(2)
    print(await agen.__anext__(), await agen.__anext__())
    squares = (v * v async for v in ticker(4))
    print([s async for s in squares])
asyncio.run(main())
