import asyncio


async def job(n):
    await asyncio.sleep(n)
    print("job", n, "finished")
    return n


async def main():
    tasks = [asyncio.create_task(job(n)) for n in (2, 1, 3)]
    done, pending = await asyncio.wait(tasks)
    print(len(done), len(pending), sorted(t.result() for t in done))
    done, pending = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)
    print("again:", len(done), len(pending))


asyncio.run(main())
