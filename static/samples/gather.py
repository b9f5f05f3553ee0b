import asyncio


async def fetch(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done after {delay}s")
    return name.upper()


async def main():
    results = await asyncio.gather(
        fetch("users", 0.3),
        fetch("orders", 0.1),
        fetch("stock", 0.2),
    )
    print("results:", results)


asyncio.run(main())
