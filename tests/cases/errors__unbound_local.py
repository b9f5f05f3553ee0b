count = 0
def bump():
    count += 1
    return count
try:
    bump()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def later():
    print(value)
    value = 1
later()
