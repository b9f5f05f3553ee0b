import asyncio


async def job(n):
    await asyncio.sleep(n)
    return n


async def main():
    tasks = [asyncio.create_task(job(n)) for n in (1, 2, 3, 4)]
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    print("after timeout:", sorted(t.result() for t in done), len(pending), "pending")
    print("pending not cancelled:", [t.cancelled() for t in tasks])
    done, pending = await asyncio.wait(pending)
    print("rest:", sorted(t.result() for t in done))


asyncio.run(main())
