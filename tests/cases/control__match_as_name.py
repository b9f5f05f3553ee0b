match = [1, 2, 3]
case = "c"
print(match[0], case)
def match_len(match):
    return len(match)
print(match_len(match))
_ = 5
type = "not a keyword"
print(_, type)
