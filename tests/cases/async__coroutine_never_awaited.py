import asyncio


async def greet():
    print("this never prints")


async def main():
    greet()
    print("called greet() without await")
    await asyncio.sleep(1)
    print("main done")


asyncio.run(main())
