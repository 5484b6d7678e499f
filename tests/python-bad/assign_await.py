# error-line: 3
async def f():
    await x = 1
