import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print(name, "done")
    return name.upper()


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(work("alpha", 2))
        t2 = tg.create_task(work("beta", 1), name="beta-task")
        print("created", t1.get_name(), t2.get_name())
    print("group exited:", t1.result(), t2.result())


asyncio.run(main())
