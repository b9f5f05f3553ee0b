import asyncio


async def broken():
    await asyncio.sleep(0.5)
    raise ZeroDivisionError("division by zero")


async def main():
    try:
        await asyncio.wait_for(broken(), timeout=1)
    except ZeroDivisionError as e:
        print("wait_for passed through", repr(e))
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0)
    except asyncio.TimeoutError:
        print("timeout=0 times out immediately")


asyncio.run(main())
