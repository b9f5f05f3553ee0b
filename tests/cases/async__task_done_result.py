import asyncio


async def job():
    await asyncio.sleep(1)
    return "finished"


async def main():
    t = asyncio.create_task(job())
    print("done?", t.done(), "cancelled?", t.cancelled())
    await asyncio.sleep(0.5)
    print("halfway done?", t.done())
    r = await t
    print("awaited:", r)
    print("done?", t.done(), "result:", t.result(), "exception:", t.exception())
    print("await again:", await t)


asyncio.run(main())
