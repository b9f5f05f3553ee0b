import asyncio


async def child():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("child cancelled because the body raised")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child())
            await asyncio.sleep(1)
            raise RuntimeError("body error")
    except* RuntimeError as eg:
        print("got", repr(eg.exceptions[0]))


asyncio.run(main())
