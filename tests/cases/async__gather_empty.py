import asyncio


async def main():
    r = await asyncio.gather()
    print("empty gather:", r)
    r = await asyncio.gather(*[])
    print("empty star gather:", r)
    r = await asyncio.gather(asyncio.sleep(0, result="one"))
    print(r)


asyncio.run(main())
