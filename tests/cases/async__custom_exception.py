import asyncio


class AppError(Exception):
    pass


class RetryableError(AppError):
    def __init__(self, attempt):
        super().__init__(f"attempt {attempt} failed")
        self.attempt = attempt


async def flaky(attempt):
    await asyncio.sleep(0.5)
    if attempt < 3:
        raise RetryableError(attempt)
    return f"succeeded on attempt {attempt}"


async def main():
    for attempt in range(1, 5):
        try:
            result = await flaky(attempt)
        except RetryableError as e:
            print("retrying:", e, "| isinstance AppError:", isinstance(e, AppError))
            continue
        print(result)
        break
    try:
        raise AppError("wrapped") from RetryableError(9)
    except AppError as e:
        print(repr(e), "cause:", repr(e.__cause__))


asyncio.run(main())
