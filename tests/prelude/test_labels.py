"""Check that the prelude labels every future a task waits on (`_label`).

    python3 tests/prelude/test_labels.py
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shim  # noqa: E402
import vclock  # noqa: E402

labels = []
vclock.install(timestamps=False)
shim.install(labels)


async def main():
    expect = {}

    def step(name, want):
        del labels[:]
        expect[name] = want
        return name

    async def check(name, coro_fn, want):
        del labels[:]
        await coro_fn()
        got = list(labels)
        status = 'ok  ' if got == want else 'FAIL'
        print(status, name, got, '' if got == want else 'expected %r' % want)
        return got == want

    ok = True
    lock = asyncio.Lock()
    ev = asyncio.Event()
    cond = asyncio.Condition()
    sem = asyncio.Semaphore(1)
    q = asyncio.Queue(1)

    async def lock_case():
        await lock.acquire()
        t = asyncio.create_task(lock.acquire())
        await asyncio.sleep(0)
        lock.release()
        await t
        lock.release()
    ok &= await check('lock', lock_case, ['lock'])

    async def event_case():
        t = asyncio.create_task(ev.wait())
        await asyncio.sleep(0)
        ev.set()
        await t
    ok &= await check('event', event_case, ['event.wait()'])

    async def cond_case():
        async def w():
            async with cond:
                await cond.wait()
        t = asyncio.create_task(w())
        await asyncio.sleep(0)
        async with cond:
            cond.notify()
        await t
    ok &= await check('condition', cond_case, ['condition.wait()'])

    async def sem_case():
        await sem.acquire()
        t = asyncio.create_task(sem.acquire())
        await asyncio.sleep(0)
        sem.release()
        await t
        sem.release()
    ok &= await check('semaphore', sem_case, ['semaphore'])

    async def queue_case():
        g = asyncio.create_task(q.get())
        await asyncio.sleep(0)
        await q.put(1)
        await q.put(2)
        p = asyncio.create_task(q.put(3))
        await asyncio.sleep(0)
        await g
        q.task_done()
        j = asyncio.create_task(q.join())
        await asyncio.sleep(0)
        q.get_nowait()
        q.task_done()
        await p
        q.get_nowait()
        q.task_done()
        await j
    ok &= await check('queue', queue_case, ['queue.get()', 'queue.put()', 'queue.put()', 'queue.join()'])

    async def gather_case():
        await asyncio.gather(asyncio.sleep(0.1), asyncio.sleep(0.2))
        await asyncio.gather()
    ok &= await check('gather', gather_case, ['gather(2)', 'gather(0)'])

    async def wait_for_case():
        await asyncio.wait_for(asyncio.sleep(0.1), 1)
        try:
            await asyncio.wait_for(asyncio.sleep(1), 0.1)
        except TimeoutError:
            pass
    ok &= await check('wait_for', wait_for_case, ['wait_for', 'wait_for', 'wait_for'])

    async def wait_case():
        await asyncio.wait([asyncio.create_task(asyncio.sleep(0.1))])
    ok &= await check('wait', wait_case, ['wait'])

    async def shield_case():
        await asyncio.shield(asyncio.sleep(0.1))
    ok &= await check('shield', shield_case, ['shield'])

    async def tg_case():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(asyncio.sleep(0.1))
    ok &= await check('taskgroup', tg_case, ['taskgroup'])

    async def as_completed_case():
        for c in asyncio.as_completed([asyncio.sleep(0.1)]):
            await c
    ok &= await check('as_completed', as_completed_case, ['as_completed'])
    return ok


sys.exit(0 if asyncio.run(main()) else 1)
