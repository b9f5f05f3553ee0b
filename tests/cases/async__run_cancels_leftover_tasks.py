import asyncio


async def background():
    try:
        while True:
            await asyncio.sleep(0.3)
            print("background tick")
    except asyncio.CancelledError:
        print("background cancelled at shutdown")
        raise
    finally:
        print("background finally")


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(1)
    print("main returns while background is still running")


asyncio.run(main())
print("after asyncio.run")
