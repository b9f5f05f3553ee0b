"""Ranges of a billion values (or 2**64) are indexed, sliced and reversed without building them."""

billion = range(10**9)
print(billion[0], billion[-1], billion[123_456_789], len(billion))
print(billion[10:20], billion[::-2][:3], billion[5:2])
backwards = reversed(billion)
print(next(backwards), next(backwards))
print(list(reversed(range(-3, 10, 4))), list(reversed(range(5, 0, -2))))
print(999_999_999 in billion, 10**9 in billion, -1 in billion)

whole = range(-2**63, 2**63 - 1)
try:
    print(len(whole))
except OverflowError as e:
    print("OverflowError:", e)
print(whole[0], whole[-1], whole[2**62])
coarse = range(0, 2**63 - 1, 2**62)
print(coarse[1], len(coarse), list(coarse), list(reversed(coarse)))
try:
    billion[2**63]
except IndexError as e:
    print("IndexError:", e)
print(list(range(2**63 - 3, 2**63 - 1)), list(range(-2**63 + 2, -2**63, -1)))
print(list(reversed(range(-2**63, -2**63 + 2))))
