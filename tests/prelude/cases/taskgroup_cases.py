import asyncio

async def job(name, delay, fail=None):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise fail
        print(name, "done")
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(job("a", 0.2))
        b = tg.create_task(job("b", 0.1), name="bee")
        print(b.get_name())
    print("group done", a.result(), b.result())

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("c", 1))
            tg.create_task(job("d", 0.2, ValueError("d bad")))
            tg.create_task(job("e", 0.3, KeyError("e bad")))
            tg.create_task(job("f", 0.2, TypeError("f bad")))
            await asyncio.sleep(5)
            print("not reached")
    except* ValueError as eg:
        print("ValueErrors", [str(e) for e in eg.exceptions])
    except* TypeError as eg:
        print("TypeErrors", [str(e) for e in eg.exceptions])

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("g", 1))
            raise RuntimeError("body fails")
    except ExceptionGroup as eg:
        print(repr(eg), eg.exceptions)

    async def wrapper():
        async with asyncio.TaskGroup() as tg:
            # CPython cancels a TaskGroup's tasks in set order (by address,
            # varies between runs): only one task may print on cancel.
            tg.create_task(job("h", 1))
            tg.create_task(asyncio.sleep(2))
    w = asyncio.create_task(wrapper())
    await asyncio.sleep(0.5)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("wrapper cancelled")

    tg = asyncio.TaskGroup()
    c = job("x", 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print(e)
    await c
    async with tg:
        pass
    c = job("y", 0)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print(e)
    await c
    try:
        async with tg:
            pass
    except RuntimeError as e:
        print(e)
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(job("z", 0.1))
        print(tg)

async def failing():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job("p", 0.1, ZeroDivisionError("division by zero")))
        tg.create_task(job("q", 1))

asyncio.run(main())
asyncio.run(failing())
