import asyncio

async def bad(d):
    await asyncio.sleep(d)
    raise LookupError("nope")

async def main():
    print("start")
    await asyncio.wait_for(asyncio.gather(bad(0.2), asyncio.sleep(1)), 0.5)

asyncio.run(main())
