def shift(text, k):
    out = []
    for ch in text:
        if ch.isalpha():
            base = ord("a") if ch.islower() else ord("A")
            out.append(chr((ord(ch) - base + k) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)
msg = "Hello, World!"
enc = shift(msg, 3)
print(enc, shift(enc, -3), shift(msg, 26) == msg)
