import asyncio


async def load(key):
    data = {"a": 1}
    try:
        return data[key]
    except KeyError as e:
        raise LookupError(f"no entry for {key!r}") from e


async def main():
    print(await load("a"))
    await asyncio.sleep(0.5)
    print(await load("b"))


asyncio.run(main())
