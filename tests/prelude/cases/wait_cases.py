import asyncio

async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    print(name, "done")
    if fail:
        raise RuntimeError(name)
    return name

def names(tasks):
    return sorted(t.get_name() for t in tasks)

async def main():
    ts = [asyncio.create_task(job(f"j{i}", 0.1 * (3 - i)), name=f"j{i}") for i in range(3)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(names(done), names(pending))
    done, pending = await asyncio.wait(ts)
    print(names(done), names(pending))
    ts = [asyncio.create_task(job("x", 0.2, True), name="x"), asyncio.create_task(job("y", 0.5), name="y")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(names(done), names(pending))
    done, pending = await asyncio.wait(pending, timeout=0.1)
    print(names(done), names(pending))
    done, pending = await asyncio.wait(pending, timeout=1)
    print(names(done), names(pending))
    print(ts[0].exception())
    for bad in ([], asyncio.sleep(1)):
        try:
            await asyncio.wait(bad)
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)
    try:
        await asyncio.wait([ts[1]], return_when="SOMETIMES")
    except ValueError as e:
        print(e)
    c = job("coro", 0)
    try:
        await asyncio.wait([c])
    except TypeError as e:
        print(e)
    await c

asyncio.run(main())
