import asyncio


async def parse(text):
    await asyncio.sleep(0.5)
    return int(text)


async def main():
    t = asyncio.create_task(parse("12"))
    print("parsed", await t)
    t = asyncio.create_task(parse("twelve"))
    print("parsed", await t)


asyncio.run(main())
