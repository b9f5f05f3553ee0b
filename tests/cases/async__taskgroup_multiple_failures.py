import asyncio


async def fail_after(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(1, KeyError("k")))
            tg.create_task(fail_after(1, TypeError("t")))
            tg.create_task(fail_after(2, IndexError("never raised")))
    except ExceptionGroup as eg:
        print("group message:", eg.message)
        print("count:", len(eg.exceptions))
        for e in eg.exceptions:
            print(" -", type(e).__name__, repr(e))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(0.5, KeyError("a")))
            tg.create_task(fail_after(0.5, TypeError("b")))
    except* KeyError as g1:
        print("handled KeyError part:", g1.exceptions)
    except* TypeError as g2:
        print("handled TypeError part:", g2.exceptions)


asyncio.run(main())
