print("line1\nline2")
print("a\tb\\c")
print("\u03b1\u03b2\U0001F600"[:2])
print("octal: \101\102\103")
print("null-free \x7e")
s = "multi\
line"
print(s)
print(len("\n\t\\"))
print(repr("\x00\x01"))
