"""Prints a normalised dump of CPython's ast for a file, one top-level statement per line.

The format matches `coroscope::syntax::dump` exactly: `Type(field=value, ...)` with ctx,
type_comment, kind and positions dropped; strings as "..." with non-printable-ASCII
characters as \\u{hex}; floats by their IEEE bits.
Usage: python3 ast_dump.py FILE... (each file's dump follows a `### FILE` line)
"""
import ast
import struct
import sys

SKIP = {"ctx", "type_comment", "kind", "type_ignores"}


def esc_str(s):
    out = []
    for ch in s:
        o = ord(ch)
        if 0x20 <= o < 0x7F and ch not in '"\\':
            out.append(ch)
        else:
            out.append("\\u{%x}" % o)
    return '"' + "".join(out) + '"'


def esc_bytes(b):
    out = []
    for o in b:
        if 0x20 <= o < 0x7F and o not in b'"\\':
            out.append(chr(o))
        else:
            out.append("\\x%02x" % o)
    return 'b"' + "".join(out) + '"'


def bits(f):
    return "%016x" % struct.unpack(">Q", struct.pack(">d", f))[0]


def dump(x):
    if isinstance(x, ast.AST):
        fields = [f for f in x._fields if f not in SKIP]
        inner = ", ".join("%s=%s" % (f, dump(getattr(x, f, None))) for f in fields)
        return "%s(%s)" % (type(x).__name__, inner)
    if isinstance(x, list):
        return "[" + ", ".join(dump(e) for e in x) + "]"
    if x is None or x is True or x is False:
        return repr(x)
    if x is Ellipsis:
        return "Ellipsis"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return "float(%s)" % bits(x)
    if isinstance(x, complex):
        return "complex(%s)" % bits(x.imag)
    if isinstance(x, str):
        return esc_str(x)
    if isinstance(x, bytes):
        return esc_bytes(x)
    raise TypeError(type(x))


def main():
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    for path in sys.argv[1:]:
        print("### " + path)
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for stmt in tree.body:
            print(dump(stmt))


if __name__ == "__main__":
    main()
