import asyncio


async def save():
    try:
        await asyncio.sleep(3)
        print("save complete")
        return "ok"
    finally:
        print("save finally")


async def main():
    task = asyncio.create_task(save())
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=1)
    except asyncio.TimeoutError:
        print("timed out waiting, but the save continues")
    print("result", await task)


asyncio.run(main())
