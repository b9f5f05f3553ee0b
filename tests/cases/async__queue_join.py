import asyncio


async def worker(name, q):
    while True:
        item = await q.get()
        await asyncio.sleep(item)
        print(f"{name} processed {item}")
        q.task_done()


async def main():
    q = asyncio.Queue()
    for delay in [0.5, 1, 1.5, 0.25, 0.75]:
        q.put_nowait(delay)
    workers = [asyncio.create_task(worker(f"w{i}", q)) for i in range(2)]
    await q.join()
    print("all work done")
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
