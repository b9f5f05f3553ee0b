import asyncio
import time


async def job(name, block, wait):
    print(name, "start")
    time.sleep(block)
    print(name, "blocked for", block)
    await asyncio.sleep(wait)
    print(name, "done")


async def main():
    await asyncio.gather(job("a", 0.5, 1), job("b", 0.25, 0.5), job("c", 1, 0))


asyncio.run(main())
