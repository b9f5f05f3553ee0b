import asyncio


async def inner():
    try:
        await asyncio.sleep(3)
        return "inner result"
    except asyncio.CancelledError:
        print("inner cancelled too")
        raise


async def outer():
    child = asyncio.create_task(inner(), name="inner")
    try:
        return await child
    except asyncio.CancelledError:
        print("outer cancelled while awaiting a task; child cancelled =", child.cancelled())
        raise


async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("outer cancelled:", t.cancelled())
    await asyncio.sleep(0)
    names = sorted(x.get_name() for x in asyncio.all_tasks())
    print("remaining tasks:", names)


asyncio.run(main())
