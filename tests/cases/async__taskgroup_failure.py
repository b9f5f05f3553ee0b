import asyncio

cancelled = []


async def worker(name, delay):
    try:
        await asyncio.sleep(delay)
        print(name, "finished")
    except asyncio.CancelledError:
        # TaskGroup cancels siblings in set order (by object address in CPython):
        # record the names and print them sorted, so the output does not depend on it.
        cancelled.append(name)
        raise


async def failing():
    await asyncio.sleep(1)
    raise ValueError("child failed")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("fast", 0.5))
            tg.create_task(failing())
            tg.create_task(worker("slow", 3))
            tg.create_task(worker("slower", 4))
    except* ValueError as eg:
        print("caught", type(eg).__name__, eg)
        print("sub-exceptions:", [repr(e) for e in eg.exceptions])
    print("cancelled by the group:", sorted(cancelled))
    print("main continues")


asyncio.run(main())
