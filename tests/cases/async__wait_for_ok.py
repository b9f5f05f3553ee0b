import asyncio


async def answer():
    await asyncio.sleep(1)
    return 42


async def main():
    r = await asyncio.wait_for(answer(), timeout=2)
    print("got", r)
    r = await asyncio.wait_for(answer(), timeout=None)
    print("no timeout:", r)
    t = asyncio.create_task(answer())
    r = await asyncio.wait_for(t, 5)
    print("task via wait_for:", r, t.done())


asyncio.run(main())
