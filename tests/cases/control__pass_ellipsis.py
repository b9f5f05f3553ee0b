def todo():
    pass
class Empty:
    pass
for _ in range(2):
    pass
if True:
    pass
else:
    ...
print(todo(), Empty.__name__)
