import asyncio
class JobError(Exception):
    pass
async def job(n):
    await asyncio.sleep(0.01)
    if n == 2:
        raise JobError(f"job {n} failed")
    return n
async def main():
    try:
        await asyncio.gather(job(1), job(2))
    except JobError as e:
        print("caught", e)
    res = await asyncio.gather(job(1), job(2), return_exceptions=True)
    print([type(r).__name__ for r in res])
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timed out")
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job(2))
    except* JobError as eg:
        print("group", len(eg.exceptions))
asyncio.run(main())
