print(b"bytes\x41" == b"bytesA")
print(b"\x00\xff\n\t\\", len(b"\x00\xff"))
print(b"octal \101\102", b"quote \" and \'")
