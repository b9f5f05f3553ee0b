import asyncio


def report(task):
    print("callback for", task.get_name(), "result", task.result())


def second(task):
    print("second callback, done =", task.done())


async def job(n):
    await asyncio.sleep(n)
    print("job", n, "returning")
    return n * 10


async def main():
    t1 = asyncio.create_task(job(1), name="one")
    t2 = asyncio.create_task(job(2), name="two")
    t1.add_done_callback(report)
    t1.add_done_callback(second)
    t2.add_done_callback(report)
    await t1
    print("main after t1")
    await t2
    print("main after t2")
    await asyncio.sleep(0)
    t2.add_done_callback(second)
    print("added callback to finished task")
    await asyncio.sleep(0)
    print("end")


asyncio.run(main())
