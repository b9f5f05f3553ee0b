import asyncio


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = False

    async def __aenter__(self):
        print("opening", self.name)
        await asyncio.sleep(0.5)
        self.open = True
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("closing", self.name, "exc_type =", exc_type.__name__ if exc_type else None)
        await asyncio.sleep(0.25)
        self.open = False
        return exc_type is KeyError


async def main():
    async with Connection("db") as conn:
        print("using", conn.name, "open =", conn.open)
    print("after: open =", conn.open)
    async with Connection("cache"):
        raise KeyError("suppressed by __aexit__")
    print("KeyError was suppressed")
    try:
        async with Connection("api"):
            raise ValueError("not suppressed")
    except ValueError as e:
        print("propagated:", e)


asyncio.run(main())
