import asyncio

async def party(name, barrier, delay):
    await asyncio.sleep(delay)
    print(name, "arrives", barrier.n_waiting)
    idx = await barrier.wait()
    print(name, "passes", idx)

async def main():
    b = asyncio.Barrier(3)
    await asyncio.gather(*(party(f"p{i}", b, 0.1 * i) for i in range(6)))
    print(b.parties, b.n_waiting, b.broken)
    b2 = asyncio.Barrier(2)
    t = asyncio.create_task(party("lonely", b2, 0))
    await asyncio.sleep(0.1)
    await b2.abort()
    try:
        await t
    except asyncio.BrokenBarrierError as e:
        print("broken", e)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(e)

asyncio.run(main())
