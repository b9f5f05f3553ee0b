import asyncio


def not_async():
    await asyncio.sleep(1)


print("never runs: the file does not compile")
