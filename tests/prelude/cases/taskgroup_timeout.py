import asyncio

async def job(name, delay, fail=None):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(name, "cancelled", asyncio.current_task().cancelling())
        raise
    if fail:
        print(name, "failing")
        raise fail
    print(name, "done")
    return name

async def main():
    try:
        async with asyncio.timeout(0.5):
            async with asyncio.TaskGroup() as tg:
                tg.create_task(job("a", 1))
                print("body done")
    except TimeoutError:
        print("timeout around taskgroup", asyncio.current_task().cancelling())

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("b", 0.2, ValueError("late")))
            print("body done, waiting in __aexit__")
    except* ValueError as eg:
        print("caught", eg.exceptions)

    try:
        async with asyncio.TaskGroup() as outer:
            async def inner_group():
                async with asyncio.TaskGroup() as inner:
                    inner.create_task(job("c", 0.1, KeyError("c")))
                    inner.create_task(job("d", 1))
            outer.create_task(inner_group())
            outer.create_task(job("e", 2))
    except* KeyError as eg:
        print("nested", repr(eg))

    async def body_with_wait_for():
        async with asyncio.TaskGroup() as tg:
            t = tg.create_task(job("f", 0.3))
            try:
                await asyncio.wait_for(asyncio.shield(t), 0.1)
            except TimeoutError:
                print("wait_for timed out, f still running", not t.done())
        return t.result()
    print(await body_with_wait_for())

    async def both():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("g", 0.1, RuntimeError("g")))
            await asyncio.sleep(1)
    t = asyncio.create_task(both())
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except BaseException as e:
        print("both ->", type(e).__name__, t.cancelled())

    async def timeout_then_group_error():
        try:
            async with asyncio.timeout(0.2):
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(job("h", 0.2, OSError("h")))
                    tg.create_task(job("i", 1))
        except* TimeoutError:
            print("got TimeoutError")
        except* OSError as eg:
            print("got OSError group", eg.exceptions)
    await timeout_then_group_error()

asyncio.run(main())
