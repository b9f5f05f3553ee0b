import asyncio

async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.5) as cm:
            print("entered", cm.when())
            await asyncio.sleep(1)
    except TimeoutError as e:
        print("TimeoutError", repr(e), type(e.__cause__).__name__, cm.expired())
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.2)
    print("no timeout", cm.expired())
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.1)
        cm.reschedule(loop.time() + 0.1)
        print("rescheduled", cm.when())
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("inner sees CancelledError")
            raise
    print("unreachable")

async def nested():
    try:
        async with asyncio.timeout(1):
            try:
                async with asyncio.timeout(0.3):
                    await asyncio.sleep(2)
            except TimeoutError:
                print("inner timeout")
            await asyncio.sleep(2)
    except TimeoutError:
        print("outer timeout")
    try:
        async with asyncio.timeout_at(asyncio.get_running_loop().time() - 1):
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("past deadline")
    t = asyncio.timeout(1)
    try:
        t.reschedule(3)
    except RuntimeError as e:
        print(e)
    async with t:
        pass
    try:
        t.reschedule(3)
    except RuntimeError as e:
        print(e)
    try:
        async with t:
            pass
    except RuntimeError as e:
        print(e)
    # cancellation from outside while inside timeout: not converted
    async def victim():
        async with asyncio.timeout(5):
            await asyncio.sleep(1)
    v = asyncio.create_task(victim())
    await asyncio.sleep(0.1)
    v.cancel()
    try:
        await v
    except asyncio.CancelledError:
        print("victim cancelled, not timeout")

async def top():
    try:
        await main()
    except TimeoutError:
        print("main timed out")
    await nested()

asyncio.run(top())
