import asyncio


async def main():
    print("loading", end="")
    for _ in range(3):
        await asyncio.sleep(0.5)
        print(".", end="")
    print(" done")
    print("two\nlines at once")
    print("a", "b", "c", sep="\n")
    await asyncio.sleep(1)
    print("x", "y", sep=", ", end="!\n")
    print()
    print("", end="")
    await asyncio.sleep(0.25)
    print("after an empty write")
    print("no newline at the end", end="")


asyncio.run(main())
