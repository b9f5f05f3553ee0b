import asyncio
class Ticker:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        self.i = 0
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0)
        return self.i
class Lock:
    async def __aenter__(self):
        print("acquire")
        return self
    async def __aexit__(self, *exc):
        print("release")
async def agen(n):
    for i in range(n):
        yield i * i
        await asyncio.sleep(0)
async def main():
    async for t in Ticker(3):
        print("tick", t)
    async with Lock() as lk:
        print("locked", type(lk).__name__)
    print([x async for x in agen(4)])
    print({x: 1 async for x in agen(2)})
    total = sum([await asyncio.sleep(0, v) for v in range(4)])
    print(total)
asyncio.run(main())
