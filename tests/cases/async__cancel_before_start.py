import asyncio


async def never_runs():
    print("this line is never printed")


async def main():
    t = asyncio.create_task(never_runs())
    t.cancel()
    print("cancelled before the first step; done =", t.done())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting it raises CancelledError; cancelled =", t.cancelled())


asyncio.run(main())
