"""Like ast_dump.py, but prints nothing (not even an error) for files that do not parse.
Usage: python3 ast_dump_lenient.py FILE..."""
import sys

import ast_dump

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
for path in sys.argv[1:]:
    print("### " + path)
    try:
        with open(path, encoding="utf-8") as f:
            tree = ast_dump.ast.parse(f.read())
    except Exception:
        continue
    for stmt in tree.body:
        print(ast_dump.dump(stmt))
