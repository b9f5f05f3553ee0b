import asyncio


async def main():
    try:
        async with asyncio.timeout(3):
            try:
                async with asyncio.timeout(1):
                    await asyncio.sleep(2)
            except TimeoutError:
                print("inner timeout fired")
            await asyncio.sleep(5)
    except TimeoutError:
        print("outer timeout fired")
    try:
        async with asyncio.timeout(1):
            async with asyncio.timeout(2):
                await asyncio.sleep(3)
    except TimeoutError:
        print("outer (shorter) deadline fired first")


asyncio.run(main())
