import asyncio


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow cancelled")
        raise


async def caller():
    try:
        await asyncio.wait_for(slow(), timeout=5)
    except asyncio.CancelledError:
        print("caller cancelled inside wait_for (not a timeout)")
        raise


async def main():
    t = asyncio.create_task(caller())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("caller cancelled:", t.cancelled())


asyncio.run(main())
