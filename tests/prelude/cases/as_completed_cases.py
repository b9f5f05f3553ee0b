import asyncio

async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name

async def main():
    ts = [asyncio.create_task(job(f"t{i}", d)) for i, d in enumerate([0.3, 0.1, 0.2])]
    for coro in asyncio.as_completed(ts):
        print(await coro)
    ts = [asyncio.create_task(job("a", 0.1)), asyncio.create_task(job("b", 0.2, True)), asyncio.create_task(job("c", 2))]
    try:
        for coro in asyncio.as_completed(ts, timeout=0.5):
            try:
                print("got", await coro)
            except ValueError as e:
                print("error", e)
    except asyncio.TimeoutError:
        print("as_completed timed out")
    print(ts[2].done())
    ts[2].cancel()
    await asyncio.sleep(0)
    for coro in asyncio.as_completed([job("only", 0.1)]):
        print(await coro)

asyncio.run(main())
