text = "the quick brown fox jumps over the lazy dog the end"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
groups = {}
for w in text.split():
    groups.setdefault(len(w), []).append(w)
for k in sorted(groups):
    print(k, groups[k])
try:
    counts["missing"]
except KeyError as e:
    print("KeyError", e)
