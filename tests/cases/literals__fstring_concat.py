x = 5
s = "start " f"{x}" " mid " f"{x * 2:3d}" ' end'
print(s)
t = f"""triple {x}
second {x + 1}"""
print(t)
print(f"{x!r:>4}|")
print(f'{"quoted"}')
d = {"k": 1}
print(f"{d['k']}")
print(f"{len(d)} item(s)")
