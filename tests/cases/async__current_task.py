import asyncio


async def who(tag):
    t = asyncio.current_task()
    print(tag, "runs in", t.get_name())
    await asyncio.sleep(0.1)
    print(tag, "still in", asyncio.current_task().get_name())


async def main():
    print("main runs in", asyncio.current_task().get_name())
    await who("awaited coroutine")
    await asyncio.create_task(who("task"), name="child")
    await asyncio.gather(who("g1"), who("g2"))
    print("current_task is main:", asyncio.current_task() is asyncio.current_task())


asyncio.run(main())
