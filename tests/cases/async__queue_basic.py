import asyncio


async def main():
    q = asyncio.Queue()
    print("empty", q.empty(), "qsize", q.qsize(), "full", q.full(), "maxsize", q.maxsize)
    for item in ["a", "b", "c"]:
        await q.put(item)
    print("qsize after puts", q.qsize())
    while not q.empty():
        item = await q.get()
        print("got", item)
    print("empty", q.empty())


asyncio.run(main())
