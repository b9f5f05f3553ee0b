import asyncio

async def slow(name, delay, result=None):
    try:
        await asyncio.sleep(delay)
        print(name, "finished")
        return result
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("stubborn ignores cancel")
        await asyncio.sleep(0.2)
        return "stubborn result"

async def main():
    print(await asyncio.wait_for(slow("a", 0.1, 1), 1))
    try:
        await asyncio.wait_for(slow("b", 2), 0.5)
    except asyncio.TimeoutError as e:
        print("timeout", type(e).__name__, repr(e.__cause__))
    print(await asyncio.wait_for(slow("c", 0.1, 3), None))
    try:
        await asyncio.wait_for(slow("d", 0.1), 0)
    except TimeoutError:
        print("timeout zero")
    print(await asyncio.wait_for(stubborn(), 0.3))
    t = asyncio.create_task(slow("e", 0.2, "E"))
    await asyncio.sleep(0.3)
    print(await asyncio.wait_for(t, 0))
    async def outer():
        return await asyncio.wait_for(slow("f", 5), 10)
    o = asyncio.create_task(outer())
    await asyncio.sleep(0.1)
    o.cancel()
    try:
        await o
    except asyncio.CancelledError:
        print("outer cancelled")
    async def bad():
        await asyncio.sleep(0.1)
        raise KeyError("k")
    try:
        await asyncio.wait_for(bad(), 1)
    except KeyError as e:
        print("KeyError", e)
    fut = asyncio.get_running_loop().create_future()
    try:
        await asyncio.wait_for(fut, 0.1)
    except TimeoutError:
        print("future timed out", fut.cancelled())

asyncio.run(main())
