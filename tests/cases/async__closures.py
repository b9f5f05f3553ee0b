import asyncio
def make(delay):
    async def run(tag):
        await asyncio.sleep(delay)
        return f"{tag}:{delay}"
    return run
async def main():
    runners = [make(d / 100) for d in range(3)]
    print(await asyncio.gather(*(r(i) for i, r in enumerate(runners))))
    lam = lambda x: asyncio.sleep(0, x * 2)
    print(await lam(21))
asyncio.run(main())
