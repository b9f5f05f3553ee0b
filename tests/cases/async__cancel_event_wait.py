import asyncio


async def waiter(event):
    try:
        await event.wait()
    except asyncio.CancelledError:
        print("waiter cancelled during event.wait()")
        raise
    finally:
        print("waiter finally")


async def main():
    event = asyncio.Event()
    t = asyncio.create_task(waiter(event))
    await asyncio.sleep(1.25)
    t.cancel("no event today")
    try:
        await t
    except asyncio.CancelledError as e:
        print("main got", e.args)
    event.set()
    print("event set after the waiter left")


asyncio.run(main())
