import asyncio


def on_done(fut):
    print("future callback sees", fut.result())


async def setter(fut, value):
    await asyncio.sleep(1)
    print("setting the result")
    fut.set_result(value)
    print("set; done =", fut.done())


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(on_done)
    print("pending:", fut.done(), fut.cancelled())
    asyncio.create_task(setter(fut, "value from setter"))
    result = await fut
    print("awaited future:", result)
    print(fut.result(), fut.exception())


asyncio.run(main())
