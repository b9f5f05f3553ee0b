import asyncio


async def main():
    value = await asyncio.sleep(0.25, result="hello")
    print("sleep returned", repr(value))
    nothing = await asyncio.sleep(0.25)
    print("plain sleep returned", nothing)
    values = await asyncio.gather(
        asyncio.sleep(1, result=1),
        asyncio.sleep(0.5, result="half"),
        asyncio.sleep(0, result=None),
    )
    print("gathered", values)


asyncio.run(main())
