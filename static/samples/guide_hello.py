import asyncio


async def async_function():
    await asyncio.sleep(1)
    print("Async function executed")


asyncio.run(async_function())
