import asyncio

async def leaf(path, d):
    await asyncio.sleep(d)
    print("leaf", path)
    if path == "0.1.1":
        raise ValueError(path)
    return path

async def node(path, depth):
    if depth == 0:
        return await leaf(path, 0.01 * len(path))
    return await asyncio.gather(*(node(f"{path}.{i}", depth - 1) for i in range(2)), return_exceptions=(depth == 1))

async def main():
    print(await node("0", 3))
    async def cancel_tree():
        return await asyncio.gather(node("a", 2), node("b", 2))
    t = asyncio.create_task(cancel_tree())
    await asyncio.sleep(0.02)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("tree cancelled")
    await asyncio.sleep(1)

asyncio.run(main())
