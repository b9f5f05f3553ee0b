import asyncio
import time


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    start = time.perf_counter()
    await say_after(1, "hello")
    await say_after(2, "world")
    print(f"sequential took {time.perf_counter() - start:.2f} seconds")
    start = time.perf_counter()
    task1 = asyncio.create_task(say_after(1, "hello"))
    task2 = asyncio.create_task(say_after(2, "world"))
    await task1
    await task2
    print(f"concurrent took {time.perf_counter() - start:.2f} seconds")


asyncio.run(main())
