import asyncio
async def worker(n):
    for i in range(2):
        print(f"worker {n} step {i}")
        await asyncio.sleep(0.01 * n)
    return n * 10
async def main():
    tasks = [asyncio.create_task(worker(i)) for i in range(1, 4)]
    done = [await t for t in tasks]
    print(done)
    print(sum([await asyncio.sleep(0, x) for x in range(3)]))
asyncio.run(main())
