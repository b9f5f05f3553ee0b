def f(n):
    return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print("caught", e)
import asyncio
async def g(n):
    return await g(n + 1)
try:
    asyncio.run(g(0))
except RecursionError as e:
    print("caught async", e)
f(0)
