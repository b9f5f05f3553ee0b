# A coroutine awaiting itself without end hits the recursion limit like a function does.
import asyncio


async def g(n):
    return await g(n + 1)


try:
    asyncio.run(g(0))
except RecursionError as e:
    print("caught async", e)
