import asyncio


async def fetch(name, delay):
    print(f"fetch {name} start")
    await asyncio.sleep(delay)
    print(f"fetch {name} done")
    return f"{name}:{delay}"


async def main():
    results = await asyncio.gather(fetch("slow", 3), fetch("fast", 1), fetch("mid", 2))
    print("results in argument order:", results)
    t = asyncio.create_task(fetch("task", 0.5))
    mixed = await asyncio.gather(t, fetch("coro", 0.25))
    print(mixed)


asyncio.run(main())
