text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness"""
words = [w.strip(",.").lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
for word, n in top[:5]:
    print(f"{word:>8}: {'#' * n} ({n})")
print(len(words), len(freq), max(words, key=len))
lines = text.splitlines()
print([len(l.split()) for l in lines])
