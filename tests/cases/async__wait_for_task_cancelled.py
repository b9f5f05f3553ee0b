import asyncio


async def worker():
    try:
        await asyncio.sleep(5)
    finally:
        print("worker finally")


async def main():
    t = asyncio.create_task(worker())
    try:
        await asyncio.wait_for(t, timeout=1)
    except asyncio.TimeoutError:
        print("timeout; task cancelled:", t.cancelled())


asyncio.run(main())
