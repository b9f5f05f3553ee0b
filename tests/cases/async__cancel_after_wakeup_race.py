import asyncio


async def waiter(event):
    try:
        await event.wait()
        print("waiter saw the event")
    except asyncio.CancelledError as e:
        print("waiter cancelled although the event was set", e.args)
        raise


async def sleeper():
    try:
        await asyncio.sleep(1)
        print("sleeper woke normally")
    except asyncio.CancelledError as e:
        print("sleeper cancelled", e.args)
        raise


async def main():
    event = asyncio.Event()
    t = asyncio.create_task(waiter(event))
    await asyncio.sleep(0.5)
    event.set()
    t.cancel("first")
    t.cancel("second")
    await asyncio.gather(t, return_exceptions=True)
    print("t.cancelled():", t.cancelled())
    s = asyncio.create_task(sleeper())
    s2 = asyncio.create_task(asyncio.sleep(1))
    await s2
    s.cancel("too late?")
    await asyncio.gather(s, return_exceptions=True)
    print("s.cancelled():", s.cancelled())


asyncio.run(main())
