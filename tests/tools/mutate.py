import random, sys, os, glob
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for f in glob.glob(out + "/*.py"): os.remove(f)
files = sorted(glob.glob("/work/wt/syntax/tests/cases/*.py"))
inserts = [":", "(", ")", "[", "]", "{", "}", "=", ",", "if ", "else", "lambda ", "*", "**", "    ", "\n", "\n    ", "'", '"', "f'{", "}", "not ", " in ", "yield ", "await ", "return ", "del ", "global x\n", "nonlocal x\n", "break\n", "continue\n", "async ", "def ", "class ", ":=", ".", "1", "x", " as y", "\\", "#", "@", "->", "!=", "=="]
n = 0
for path in files:
    src = open(path).read()
    for k in range(int(sys.argv[3]) if len(sys.argv) > 3 else 6):
        s = src
        kind = random.randrange(4)
        if kind == 0:
            i = random.randrange(len(s)); j = min(len(s), i + random.randrange(1, 6)); s = s[:i] + s[j:]
        elif kind == 1:
            i = random.randrange(len(s)); s = s[:i] + random.choice(inserts) + s[i:]
        elif kind == 2:
            lines = s.split("\n"); i = random.randrange(len(lines)); del lines[i]; s = "\n".join(lines)
        else:
            lines = s.split("\n"); i = random.randrange(len(lines)); j = random.randrange(len(lines)); lines.insert(j, lines[i]); s = "\n".join(lines)
        n += 1
        open(f"{out}/m{n:05d}.py", "w").write(s)
print(n)
