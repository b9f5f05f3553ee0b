import asyncio


async def slow_query():
    try:
        await asyncio.sleep(2)
        return "rows"
    finally:
        print("slow_query: finally (connection closed)")


async def main():
    try:
        result = await asyncio.wait_for(slow_query(), timeout=0.5)
        print("got", result)
    except asyncio.TimeoutError:
        print("timed out after 0.5s")
    result = await asyncio.wait_for(asyncio.sleep(0.1, result="fast"), timeout=1)
    print("got", result)


asyncio.run(main())
