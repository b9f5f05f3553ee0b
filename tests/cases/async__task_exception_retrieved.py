import asyncio


async def fails():
    await asyncio.sleep(0.5)
    raise KeyError("missing")


async def main():
    t = asyncio.create_task(fails())
    await asyncio.sleep(1)
    print("done:", t.done())
    exc = t.exception()
    print("exception():", repr(exc))
    try:
        t.result()
    except KeyError as e:
        print("result() raised", repr(e))


asyncio.run(main())
