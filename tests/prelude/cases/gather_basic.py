import asyncio

async def job(name, delay, fail=False):
    print(name, "start")
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} failed")
    print(name, "end")
    return name.upper()

async def main():
    print(await asyncio.gather(job("a", 0.3), job("b", 0.1), job("c", 0.2)))
    print(await asyncio.gather())
    r = await asyncio.gather(job("d", 0.1), job("e", 0.2, True), job("f", 0.3), return_exceptions=True)
    print(r)
    try:
        await asyncio.gather(job("g", 0.1, True), job("h", 0.2))
    except ValueError as e:
        print("caught", e)
    await asyncio.sleep(0.5)
    t = asyncio.create_task(job("dup", 0.1))
    print(await asyncio.gather(t, t, job("i", 0.05)))
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.2, fut.set_result, 42)
    print(await asyncio.gather(fut, job("j", 0.1)))
    # child cancelled
    t1 = asyncio.create_task(job("k", 1))
    t2 = asyncio.create_task(job("l", 0.1))
    asyncio.get_running_loop().call_later(0.05, t1.cancel, "bye")
    print(await asyncio.gather(t1, t2, return_exceptions=True))
    t3 = asyncio.create_task(job("m", 1))
    asyncio.get_running_loop().call_later(0.05, t3.cancel)
    try:
        await asyncio.gather(t3, job("n", 0.1))
    except asyncio.CancelledError as e:
        print("gather raised CancelledError", repr(e))
    await asyncio.sleep(0.2)

asyncio.run(main())

async def more():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    f2 = loop.create_future()
    f3 = loop.create_future()
    loop.call_later(0.1, f1.cancel, "future msg")
    loop.call_later(0.1, f2.cancel)
    loop.call_later(0.2, f3.set_result, 3)
    print(await asyncio.gather(f1, f2, f3, return_exceptions=True))
    async def canceller():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            raise asyncio.CancelledError("custom")
    t = asyncio.create_task(canceller())
    loop.call_later(0.1, t.cancel, "m")
    print(await asyncio.gather(t, return_exceptions=True))
    t = asyncio.create_task(canceller())
    loop.call_later(0.1, t.cancel, "m")
    try:
        await asyncio.gather(t)
    except asyncio.CancelledError as e:
        print("raised", repr(e))

asyncio.run(more())
