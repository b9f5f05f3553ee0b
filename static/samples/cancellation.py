import asyncio


async def download():
    print("download: started")
    try:
        for chunk in range(10):
            await asyncio.sleep(0.2)
            print(f"download: chunk {chunk}")
    except asyncio.CancelledError:
        print("download: cancelled, cleaning up")
        await asyncio.sleep(0.1)
        print("download: temp files removed")
        raise
    finally:
        print("download: finally runs too")


async def main():
    task = asyncio.create_task(download(), name="download")
    await asyncio.sleep(0.5)
    print("main: cancelling")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: download is cancelled:", task.cancelled())


asyncio.run(main())
