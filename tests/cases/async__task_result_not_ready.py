import asyncio


async def job():
    await asyncio.sleep(1)
    return 5


async def main():
    t = asyncio.create_task(job())
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        print("result():", type(e).__name__, e)
    try:
        t.exception()
    except asyncio.InvalidStateError as e:
        print("exception():", type(e).__name__, e)
    print(await t)
    t2 = asyncio.create_task(job())
    await asyncio.sleep(0)
    t2.cancel()
    try:
        t2.result()
    except asyncio.InvalidStateError as e:
        print("cancelling:", e)
    await asyncio.sleep(0)
    try:
        t2.result()
    except asyncio.CancelledError as e:
        print("cancelled task result() raises CancelledError", e.args)
    try:
        t2.exception()
    except asyncio.CancelledError:
        print("cancelled task exception() raises CancelledError")


asyncio.run(main())
