import asyncio


async def main():
    q = asyncio.Queue(maxsize=2)
    q.put_nowait(1)
    q.put_nowait(2)
    try:
        q.put_nowait(3)
    except asyncio.QueueFull:
        print("QueueFull raised, qsize", q.qsize())
    print(q.get_nowait(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty raised", repr(e))
    print(isinstance(asyncio.QueueFull(), Exception), isinstance(asyncio.QueueEmpty(), Exception))


asyncio.run(main())
