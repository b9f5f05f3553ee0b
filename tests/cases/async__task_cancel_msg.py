import asyncio


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("worker cancelled with args", e.args)
        raise


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    print("cancel returns", t.cancel(msg="stop now"))
    print("cancel again returns", t.cancel())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees", repr(e))
    print("cancelled?", t.cancelled(), "done?", t.done())
    print("cancel after done returns", t.cancel())


asyncio.run(main())
