def main():
    async for x in y:
        pass
