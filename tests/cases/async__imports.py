import asyncio
import asyncio as aio
from asyncio import sleep, gather as g
from asyncio import (
    create_task,
    Queue,
)
async def main():
    await sleep(0)
    r = await g(aio.sleep(0, "a"), asyncio.sleep(0, "b"))
    t = create_task(sleep(0, "task"))
    q = Queue()
    await q.put(1)
    print(r, await t, await q.get())
asyncio.run(main())
