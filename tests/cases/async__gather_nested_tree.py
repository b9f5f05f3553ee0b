import asyncio


async def leaf(path):
    await asyncio.sleep(0.1 * len(path))
    return path


async def node(path, depth):
    if depth == 0:
        return await leaf(path)
    parts = await asyncio.gather(node(path + "L", depth - 1), node(path + "R", depth - 1))
    print("node", repr(path), "joined", len(parts))
    return "+".join(parts)


async def main():
    print(await node("", 3))


asyncio.run(main())
