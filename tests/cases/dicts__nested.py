db = {"users": [{"name": "a", "tags": ["x"]}, {"name": "b", "tags": []}]}
db["users"][1]["tags"].append("y")
print(db)
print([u["name"] for u in db["users"] if u["tags"]])
merged = {**{"a": 1}, **{"b": 2}, "a": 3}
print(merged)
print({k: v for k, v in sorted(merged.items(), reverse=True)})
