csv = "name,age,city\nann,30,paris\nbob,25,rome"
rows = [line.split(",") for line in csv.splitlines()]
header, *body = rows
print(header)
for row in body:
    print(dict(zip(header, row)))
print(";".join(",".join(r) for r in rows))
print(" ".join(reversed("one two three".split())))
print("a-b_c d".replace("-", " ").replace("_", " ").split())
