import asyncio


async def save(record):
    await asyncio.sleep(0.1)
    print("saved", record)


async def main():
    save("a")  # mistake: the coroutine is created but never awaited
    await save("b")  # correct
    print("main done")


asyncio.run(main())
