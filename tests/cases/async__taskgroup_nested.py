import asyncio


async def leaf(name, delay):
    await asyncio.sleep(delay)
    print("leaf", name)
    return name


async def branch(name):
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(leaf(name + ".a", 0.5))
        b = tg.create_task(leaf(name + ".b", 0.25))
    print("branch", name, "joined", a.result(), b.result())


async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(branch("x"))
        tg.create_task(branch("y"))
        tg.create_task(leaf("z", 0.1))
    print("all branches done")


asyncio.run(main())
