"""Run one script on the virtual clock: `python3 run_case.py [--prelude] FILE`.

Prints the script's stdout with timestamps; an uncaught exception prints the
traceback to stderr and its last line (`Type: message`) to stdout as
`!! Type: message`, exit status 1.
"""
import os
import runpy
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vclock  # noqa: E402
import shim  # noqa: E402


def main():
    args = sys.argv[1:]
    use_prelude = '--prelude' in args
    args = [a for a in args if a != '--prelude']
    path = args[0]
    vclock.install(timestamps=True)
    if use_prelude:
        shim.install()
    try:
        runpy.run_path(path, run_name='__main__')
    except SystemExit:
        raise
    except BaseException as e:
        sys.stdout.flush()
        traceback.print_exc()
        last = traceback.format_exception_only(type(e), e)[-1].rstrip('\n')
        sys.stdout.write('!! ' + last + '\n')
        sys.stdout.flush()
        sys.exit(1)


if __name__ == '__main__':
    main()
