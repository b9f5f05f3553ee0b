items = {"apple": 1.5, "kiwi": 0.25}
for name, price in items.items():
    print(f"{name:<8}{price:>8.2f}{'!' if price > 1 else ''}")
print(f"{'|'.join(f'{k}={v}' for k, v in items.items())}")
w = 6
print(f"{'x':>{w}}{3.14159:.{w - 3}f}")
print(f"""{"triple"}""", f'''{'q'}''')
print(f"{items['kiwi']!r:>10}")
print(f"{len(items)=}, {sum(items.values())=:.1f}")
print(f"{{}} {{{w}}}")
