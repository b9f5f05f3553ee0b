import asyncio


async def fails():
    await asyncio.sleep(0.5)
    raise RuntimeError("nobody looks at me")


async def main():
    asyncio.create_task(fails())
    await asyncio.sleep(1)
    print("main finished without awaiting the task")


asyncio.run(main())
print("after run")
