import asyncio
import time


async def heartbeat():
    for i in range(4):
        print("heartbeat", i)
        await asyncio.sleep(0.5)


async def blocking_work():
    print("blocking work starts")
    time.sleep(1.2)
    print("blocking work ends")


async def polite_work():
    print("polite work starts")
    await asyncio.sleep(1.2)
    print("polite work ends")


async def main():
    await asyncio.gather(heartbeat(), blocking_work())
    print("--- now the non-blocking version ---")
    await asyncio.gather(heartbeat(), polite_work())


asyncio.run(main())
