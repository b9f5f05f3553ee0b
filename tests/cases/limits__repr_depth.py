"""A repr nested deeper than the recursion limit raises RecursionError instead of hanging."""

nested_list = []
for _ in range(100_000):
    nested_list = [nested_list]

nested_tuple = ()
for _ in range(100_000):
    nested_tuple = (nested_tuple,)

nested_dict = {}
for _ in range(100_000):
    nested_dict = {"k": nested_dict}

for label, value in [("list", nested_list), ("tuple", nested_tuple), ("dict", nested_dict)]:
    try:
        text = repr(value)
    except RecursionError as e:
        print(f"{label}: RecursionError: {e}")
    else:
        print(f"{label}: {len(text)} characters")

shallow = []
for _ in range(50):
    shallow = [shallow]
print(len(str(shallow)), str(shallow)[:8])
