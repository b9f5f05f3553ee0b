import asyncio


async def cleanup_on_exit():
    try:
        await asyncio.sleep(100)
    finally:
        print("pending task cleaned up before the traceback")


async def main():
    asyncio.create_task(cleanup_on_exit())
    await asyncio.sleep(0.5)
    raise IndexError("list index out of range")


asyncio.run(main())
