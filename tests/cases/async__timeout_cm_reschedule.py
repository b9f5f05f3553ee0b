import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            print("when:", cm.when())
            cm.reschedule(loop.time() + 2)
            print("rescheduled to", cm.when())
            await asyncio.sleep(5)
    except TimeoutError:
        print("expired:", cm.expired())
    async with asyncio.timeout(1) as cm2:
        await asyncio.sleep(0.5)
    print("not expired:", cm2.expired())
    try:
        async with asyncio.timeout_at(loop.time() + 0.25):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at expired")


asyncio.run(main())
