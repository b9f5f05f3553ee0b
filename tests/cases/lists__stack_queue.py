stack = []
for v in range(4):
    stack.append(v)
while stack:
    print("pop", stack.pop())
queue = [1, 2, 3]
while queue:
    head, *queue = queue
    print("head", head, queue)
