"""Compiles each file with CPython and prints its SyntaxError as one tab-separated line:
`### FILE`, then `TYPE<TAB>LINE<TAB>OFFSET<TAB>MESSAGE` (or `OK` if it compiles), then the
error as CPython renders it.
Usage: python3 cpython_error.py FILE...
"""
import sys
import traceback

for path in sys.argv[1:]:
    print("### " + path)
    with open(path, encoding="utf-8") as f:
        src = f.read()
    try:
        # The real path lets CPython read the source line for compiler errors too, as
        # `python3 FILE` shows them; the rendering is then relabelled as "<script>".
        compile(src, path, "exec")
        print("OK")
    except SyntaxError as e:
        print("%s\t%s\t%s\t%s" % (type(e).__name__, e.lineno, e.offset, e.msg))
        text = "".join(traceback.format_exception_only(type(e), e))
        sys.stdout.write(text.replace('File "%s"' % path, 'File "<script>"', 1))
