import asyncio


async def numbers():
    try:
        for i in range(10):
            await asyncio.sleep(0.1)
            yield i
    finally:
        print("generator finally")


async def main():
    async for n in numbers():
        print("got", n)
        if n == 2:
            break
    print("after break")
    await asyncio.sleep(0)
    print("after sleep(0)")
    gen = numbers()
    print("first:", await gen.__anext__())
    await gen.aclose()
    print("closed explicitly")


asyncio.run(main())
