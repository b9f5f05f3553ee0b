import asyncio


async def long_job():
    try:
        await asyncio.sleep(10)
    finally:
        print("long_job cleanup")


async def main():
    try:
        async with asyncio.timeout(1.5):
            await long_job()
    except TimeoutError:
        print("timeout() raised TimeoutError")
    async with asyncio.timeout(5):
        await asyncio.sleep(1)
        print("finished within the timeout")
    async with asyncio.timeout(None):
        await asyncio.sleep(1)
        print("timeout(None) never expires")


asyncio.run(main())
