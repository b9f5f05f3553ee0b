import asyncio


async def important():
    print("important work started")
    await asyncio.sleep(2)
    print("important work finished")
    return "saved"


async def caller(inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("caller cancelled while shielded")
        raise


async def main():
    inner = asyncio.create_task(important())
    outer = asyncio.create_task(caller(inner))
    await asyncio.sleep(1)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner cancelled?", inner.cancelled())
    print("inner result:", await inner)
    fut = asyncio.shield(asyncio.sleep(0.5, result="direct"))
    print("shield of a coroutine:", await fut)


asyncio.run(main())
