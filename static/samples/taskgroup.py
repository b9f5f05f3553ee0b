import asyncio


async def worker(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise RuntimeError(f"{name} failed")
        print(f"{name} finished")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled by the group")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("a", 0.1), name="a")
            tg.create_task(worker("b", 0.2, fail=True), name="b")
            tg.create_task(worker("c", 0.5), name="c")
    except* RuntimeError as group:
        for e in group.exceptions:
            print("caught:", e)


asyncio.run(main())
