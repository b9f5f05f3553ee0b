import asyncio
import time


async def heartbeat():
    for i in range(5):
        print(f"heartbeat {i}")
        await asyncio.sleep(0.2)


async def busy():
    await asyncio.sleep(0.3)
    print("busy: time.sleep(0.5) blocks the whole loop")
    time.sleep(0.5)
    print("busy: done")


async def main():
    await asyncio.gather(heartbeat(), busy())


asyncio.run(main())
