import asyncio


async def compute(x):
    await asyncio.sleep(0.5)
    return x * 2


async def main():
    a = await compute(10)
    b = await compute(a)
    return [a, b]


result = asyncio.run(main())
print("asyncio.run returned", result)
result = asyncio.run(compute(21))
print("second run returned", result)
