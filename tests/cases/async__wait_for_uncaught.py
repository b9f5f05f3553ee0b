import asyncio


async def main():
    print("waiting at most 2 seconds")
    await asyncio.wait_for(asyncio.sleep(60), timeout=2)


asyncio.run(main())
