import asyncio


async def worker():
    print("worker: acquiring resource")
    try:
        await asyncio.sleep(5)
    finally:
        print("worker: releasing resource at", asyncio.get_running_loop().time())


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(2)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("main: worker cancelled =", t.cancelled())


asyncio.run(main())
