import asyncio


async def idle(n):
    await asyncio.sleep(n)


async def main():
    print("alone:", [t.get_name() for t in asyncio.all_tasks()])
    for n in range(1, 4):
        asyncio.create_task(idle(n), name=f"idle-{n}")
    names = sorted(t.get_name() for t in asyncio.all_tasks())
    print("count", len(names), names)
    await asyncio.sleep(1.5)
    names = sorted(t.get_name() for t in asyncio.all_tasks())
    print("after 1.5s", names)
    await asyncio.sleep(2)
    print("finally", [t.get_name() for t in asyncio.all_tasks()])


asyncio.run(main())
