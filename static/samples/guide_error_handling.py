import asyncio


async def faulty_coroutine():
    await asyncio.sleep(1)
    raise ValueError("Something went wrong")


async def main():
    try:
        await faulty_coroutine()
    except ValueError as e:
        print(f"Caught an error: {e}")
    print("main continues")


asyncio.run(main())
