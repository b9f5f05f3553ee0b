def run(program):
    stack = []
    for tok in program.split():
        if tok.lstrip("-").isdigit():
            stack.append(int(tok))
        elif tok in ("+", "-", "*", "/"):
            b, a = stack.pop(), stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                stack.append(a // b)
        elif tok == "dup":
            stack.append(stack[-1])
        else:
            raise ValueError(f"unknown token {tok!r}")
    return stack
print(run("2 3 + 4 *"))
print(run("10 dup *"))
print(run("7 -2 /"))
run("1 2 swap")
