import asyncio


async def ok(n):
    await asyncio.sleep(n)
    print("ok", n)
    return n


async def bad():
    await asyncio.sleep(0.5)
    raise OSError("disk full")


async def main():
    inner = asyncio.gather(ok(1), bad())
    outer = asyncio.gather(ok(0.25), inner, return_exceptions=True)
    print(await outer)
    await asyncio.sleep(1)
    print("inner done:", inner.done(), "exception:", repr(inner.exception()))


asyncio.run(main())
