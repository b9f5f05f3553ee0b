# leading comment
x = 1  # trailing comment
# between
def f():  # on def line
    # inside body
    return x  # after return
    # after last statement

print(f())  # done
items = [  # open
    1,  # first
    # standalone
    2,
]  # close
print(items)
