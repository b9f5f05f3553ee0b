import asyncio


async def main():
    q = asyncio.Queue()
    await q.put("x")
    await q.get()
    q.task_done()
    print("one task_done is fine")
    await q.join()
    print("join returns immediately")
    q.task_done()


asyncio.run(main())
