import asyncio


async def sleeper(i, delay):
    await asyncio.sleep(delay)
    print("woke", i)


async def main():
    # Three timers with the same deadline.
    await asyncio.gather(sleeper(0, 1), sleeper(1, 1), sleeper(2, 1))
    print("---")
    # Many timers with the same deadline: CPython pops them in heap order.
    await asyncio.gather(*(sleeper(i, 1) for i in range(12)))
    print("---")
    # Three deadlines interleaved.
    await asyncio.gather(*(sleeper(i, (i % 3) * 0.5 + 0.5) for i in range(9)))


asyncio.run(main())
