"""Prints, for each file, one sorted line per function/class scope from CPython's symtable:
`function NAME: locals=[..] cells=[..] frees=[..]` (class scopes: frees only).
The implicit `__class__` cell (for `super()`) is left out.
Comprehensions are named listcomp/setcomp/dictcomp/genexpr, lambdas `lambda`.
Usage: python3 symtable_dump.py FILE...
"""
import sys
import symtable

LOCAL, FREE, CELL = 1, 4, 5


def scope_of(sym):
    return sym._Symbol__scope


def walk(table, out):
    for child in table.get_children():
        syms = child.get_symbols()
        names = lambda sc: sorted(
            s.get_name() for s in syms if scope_of(s) == sc and s.get_name() != "__class__"
        )
        if child.get_type() == "class":
            out.append("class %s: frees=%s" % (child.get_name(), names(FREE)))
        else:
            out.append(
                "function %s: locals=%s cells=%s frees=%s"
                % (child.get_name(), names(LOCAL), names(CELL), names(FREE))
            )
        walk(child, out)


for path in sys.argv[1:]:
    print("### " + path)
    with open(path, encoding="utf-8") as f:
        src = f.read()
    out = []
    walk(symtable.symtable(src, "<script>", "exec"), out)
    for line in sorted(out):
        print(line)
