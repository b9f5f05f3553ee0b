import asyncio


async def main():
    event = asyncio.Event()
    try:
        await asyncio.wait_for(event.wait(), timeout=1)
    except asyncio.TimeoutError:
        print("event not set within 1 second")

    async def set_soon():
        await asyncio.sleep(0.5)
        event.set()
        print("event set")

    asyncio.create_task(set_soon())
    ok = await asyncio.wait_for(event.wait(), timeout=1)
    print("event.wait() returned", ok)


asyncio.run(main())
