import asyncio


async def main():
    asyncio.current_task().cancel()
    print("main asked to cancel itself")
    await asyncio.sleep(1)
    print("never printed")


asyncio.run(main())
