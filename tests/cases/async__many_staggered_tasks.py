import asyncio


async def worker(i, log):
    await asyncio.sleep((i % 7) * 0.125)
    log.append(i)
    await asyncio.sleep(0)
    log.append(-i)


async def main():
    log = []
    await asyncio.gather(*(worker(i, log) for i in range(30)))
    print(log)
    print("sum", sum(log), "len", len(log))


asyncio.run(main())
