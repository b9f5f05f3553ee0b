"""asyncio.sleep(float('nan')) wakes at once, as in CPython (its timer is due immediately)."""
import asyncio


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(ticker())
    start = loop.time()
    await asyncio.sleep(float("nan"))
    print("woke after", loop.time() - start)
    await asyncio.sleep(0.5)
    await asyncio.sleep(float("nan"), result="done")
    print("slept", await asyncio.sleep(float("nan"), result="with a result"))
    await task


asyncio.run(main())
