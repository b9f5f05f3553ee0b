import asyncio
async def greet(name, delay):
    await asyncio.sleep(delay)
    print("hello", name)
    return name.upper()
async def main():
    results = await asyncio.gather(greet("a", 0.02), greet("b", 0.01))
    print(results)
asyncio.run(main())
