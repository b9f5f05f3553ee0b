import asyncio


async def download(name, delay):
    await asyncio.sleep(delay)
    return f"{name} ({delay}s)"


async def main():
    coros = [download("big", 3), download("small", 1), download("medium", 2)]
    for i, fut in enumerate(asyncio.as_completed(coros)):
        result = await fut
        print(i, "completed:", result)


asyncio.run(main())
