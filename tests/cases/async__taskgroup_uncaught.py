import asyncio


async def boom():
    await asyncio.sleep(1)
    raise ValueError("task group child failed")


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(boom())
        tg.create_task(asyncio.sleep(2))
    print("never reached")


asyncio.run(main())
