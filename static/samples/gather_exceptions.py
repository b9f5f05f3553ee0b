import asyncio


async def ok(delay):
    await asyncio.sleep(delay)
    return f"ok after {delay}"


async def broken(delay):
    await asyncio.sleep(delay)
    raise ValueError(f"broken after {delay}")


async def main():
    results = await asyncio.gather(
        ok(0.2), broken(0.1), ok(0.3), return_exceptions=True
    )
    for r in results:
        print(type(r).__name__, "->", r)


asyncio.run(main())
