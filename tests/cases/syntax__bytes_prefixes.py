print(b"bytes" == B"bytes", rb"\x00" == Rb"\x00", br"\n" == bR"\n")
print(len(rb"\x00"), len(b"\x00"), BR"a\b")
