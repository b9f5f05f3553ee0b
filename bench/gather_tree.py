# Benchmark: a binary gather tree of depth 12 (4,096 leaves, 8,190 gathered tasks), each
# leaf yielding a few times; the tree is built and joined ROUNDS times.
import asyncio

DEPTH = 12
ROUNDS = 5


async def leaf(i):
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return i


async def node(depth, i):
    if depth == 0:
        return await leaf(i)
    left, right = await asyncio.gather(node(depth - 1, 2 * i), node(depth - 1, 2 * i + 1))
    return left + right


async def main():
    total = 0
    for _ in range(ROUNDS):
        total += await node(DEPTH, 0)
    print("depth", DEPTH, "rounds", ROUNDS, "sum", total)


asyncio.run(main())
