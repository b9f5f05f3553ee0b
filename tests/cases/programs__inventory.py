inventory = {"apple": {"qty": 5, "price": 0.5}, "pear": {"qty": 0, "price": 0.75}}
def restock(item, qty):
    entry = inventory.setdefault(item, {"qty": 0, "price": 1.0})
    entry["qty"] += qty
def value():
    return sum(v["qty"] * v["price"] for v in inventory.values())
restock("pear", 4)
restock("plum", 2)
print(sorted(inventory))
print(f"{value():.2f}")
in_stock = [k for k, v in sorted(inventory.items()) if v["qty"] > 0]
print(in_stock)
cheapest = min(inventory, key=lambda k: inventory[k]["price"])
print(cheapest)
