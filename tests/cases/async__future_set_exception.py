import asyncio


class ConnectionLost(Exception):
    def __init__(self, host):
        super().__init__(f"lost connection to {host}")
        self.host = host


async def fail_later(fut):
    await asyncio.sleep(0.5)
    fut.set_exception(ConnectionLost("db"))


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    asyncio.create_task(fail_later(fut))
    try:
        await fut
    except ConnectionLost as e:
        print("caught", repr(e), "host", e.host)
    print("exception():", fut.exception())
    f2 = loop.create_future()
    f2.cancel(msg="nobody needs it")
    try:
        await f2
    except asyncio.CancelledError as e:
        print("cancelled future:", e.args, f2.cancelled())


asyncio.run(main())
