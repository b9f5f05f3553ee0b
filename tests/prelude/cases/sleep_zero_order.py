import asyncio

async def spinner(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)

async def main():
    q = asyncio.Queue()
    lock = asyncio.Lock()
    ev = asyncio.Event()
    async def a():
        async with lock:
            print("a has lock")
            await asyncio.sleep(0)
            ev.set()
            q.put_nowait("from a")
            print("a releasing")
    async def b():
        await ev.wait()
        print("b saw event")
        async with lock:
            print("b has lock")
        print("b got", await q.get())
    await asyncio.gather(spinner("s", 4), a(), b(), spinner("t", 3))
    # done callbacks ordering vs tasks
    fut = asyncio.get_running_loop().create_future()
    fut.add_done_callback(lambda f: print("cb1", f.result()))
    async def w():
        print("w woke", await fut)
    t = asyncio.create_task(w())
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("cb2"))
    fut.set_result(7)
    await asyncio.gather(t, asyncio.wait_for(spinner("u", 2), 1), asyncio.shield(spinner("v", 2)))

asyncio.run(main())
