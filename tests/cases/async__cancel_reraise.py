import asyncio


async def worker(log):
    try:
        while True:
            await asyncio.sleep(0.4)
            log.append("tick")
    except asyncio.CancelledError:
        log.append("cleanup")
        print("worker cleaning up after", log.count("tick"), "ticks")
        raise


async def main():
    log = []
    t = asyncio.create_task(worker(log))
    await asyncio.sleep(1.5)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("re-raised: cancelled =", t.cancelled())
    print(log)


asyncio.run(main())
