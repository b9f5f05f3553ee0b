import asyncio


async def slow_operation():
    print("slow operation started")
    try:
        await asyncio.sleep(10)
        print("never printed")
    except asyncio.CancelledError:
        print("slow operation cancelled")
        raise
    finally:
        print("slow operation cleanup")


async def main():
    try:
        await asyncio.wait_for(slow_operation(), timeout=2.5)
    except asyncio.TimeoutError as e:
        print("timed out:", type(e).__name__, repr(str(e)))
    print("is builtin TimeoutError:", asyncio.TimeoutError is TimeoutError)


asyncio.run(main())
