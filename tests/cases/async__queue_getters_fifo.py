import asyncio


async def getter(name, q):
    item = await q.get()
    print(name, "got", item)


async def main():
    q = asyncio.Queue()
    tasks = [asyncio.create_task(getter(f"g{i}", q)) for i in range(4)]
    await asyncio.sleep(0.5)
    for item in "abcd":
        q.put_nowait(item)
        print("put", item)
    await asyncio.gather(*tasks)
    q2 = asyncio.Queue(maxsize=1)
    await q2.put("first")

    async def putter(v):
        await q2.put(v)
        print("putter", v, "done")

    ps = [asyncio.create_task(putter(v)) for v in (1, 2, 3)]
    await asyncio.sleep(0.5)
    for _ in range(4):
        print("took", await q2.get())
    await asyncio.gather(*ps)


asyncio.run(main())
