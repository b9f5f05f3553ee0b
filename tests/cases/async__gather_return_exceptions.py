import asyncio


class FetchError(Exception):
    pass


async def fetch(n):
    await asyncio.sleep(n * 0.1)
    if n % 2 == 0:
        raise FetchError(f"item {n} failed")
    return n * n


async def main():
    results = await asyncio.gather(*(fetch(n) for n in range(1, 6)), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print("error:", type(r).__name__, r)
        else:
            print("value:", r)
    print(results)


asyncio.run(main())
