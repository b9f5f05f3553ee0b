import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print("second set_result:", type(e).__name__, e)
    try:
        fut.set_exception(ValueError("late"))
    except asyncio.InvalidStateError as e:
        print("set_exception after result:", e)
    print("cancel a done future:", fut.cancel())
    print("result still", await fut)
    f2 = loop.create_future()
    f2.cancel()
    try:
        f2.set_result(3)
    except asyncio.InvalidStateError as e:
        print("set_result on cancelled:", e)
    print(isinstance(asyncio.InvalidStateError(), Exception))


asyncio.run(main())
