import asyncio
import time

print("before run:", time.time(), time.monotonic())
time.sleep(0.5)
print("after a top-level sleep:", time.monotonic())


async def main():
    loop = asyncio.get_running_loop()
    print("loop.time() == time.monotonic():", loop.time() == time.monotonic())
    t0 = time.time()
    await asyncio.sleep(2)
    print(f"elapsed {time.time() - t0:.3f}")
    time.sleep(0.25)
    print(f"loop.time() after time.sleep: {loop.time():.3f}")


asyncio.run(main())
print(f"end: {time.monotonic():.2f}")
