import asyncio


class PaymentDeclined(Exception):
    def __init__(self, amount):
        super().__init__(f"payment of {amount} declined")


async def charge(amount):
    await asyncio.sleep(1)
    if amount > 100:
        raise PaymentDeclined(amount)
    print("charged", amount)


async def main():
    await charge(50)
    await asyncio.gather(charge(20), charge(500))


asyncio.run(main())
