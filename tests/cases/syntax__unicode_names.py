café = "coffee"
π = 3.14159
naïve_count = 2
print(café, round(π, 2), naïve_count)
def größe(x):
    return x * 2
print(größe(21))
print("héllo wörld ✓", len("✓"), "日本語"[1])
