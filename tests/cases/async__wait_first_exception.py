import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise RuntimeError(f"{name} failed")
    return name


async def main():
    tasks = [
        asyncio.create_task(job("a", 1)),
        asyncio.create_task(job("b", 2, fail=True)),
        asyncio.create_task(job("c", 3)),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("done", len(done), "pending", len(pending))
    for t in tasks:
        if t.done():
            print(" done:", repr(t.exception()) if t.exception() else t.result())
    for t in pending:
        t.cancel()
    done, pending = await asyncio.wait([asyncio.create_task(job("x", 1))], return_when=asyncio.FIRST_EXCEPTION)
    print("no exception: all done", len(done), len(pending))


asyncio.run(main())
