import asyncio


async def main():
    q = asyncio.LifoQueue(maxsize=3)
    for i in range(3):
        q.put_nowait(i)
    print("full:", q.full())
    getter_results = []

    async def late_put():
        await asyncio.sleep(1)
        await q.put("late")

    asyncio.create_task(late_put())
    while len(getter_results) < 4:
        getter_results.append(await q.get())
        print("got", getter_results[-1])


asyncio.run(main())
