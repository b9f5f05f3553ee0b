import asyncio


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("start", start)
    await asyncio.sleep(1.5)
    print("elapsed", loop.time() - start)
    deadline = loop.time() + 2
    while loop.time() < deadline:
        await asyncio.sleep(0.75)
        print(f"tick at {loop.time():.2f}")
    handle = loop.call_later(1, print, "call_later fired")
    loop.call_at(loop.time() + 0.5, print, "call_at fired")
    loop.call_soon(print, "call_soon fired")
    await asyncio.sleep(2)
    print("handle cancelled?", handle.cancelled())


asyncio.run(main())
