"""Run one script on the virtual clock:
`python3 run_case.py [--prelude] [--loop-trace OUT] FILE`.

With --loop-trace, OUT receives one line per loop turn and per callback run.

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
    trace_out = None
    if '--loop-trace' in args:
        i = args.index('--loop-trace')
        trace_out = args[i + 1]
        del args[i:i + 2]
    path = args[0]
    vclock.install(timestamps=True, trace_loop=trace_out is not None)
    if trace_out is not None:
        import atexit

        def dump():
            with open(trace_out, 'w') as f:
                f.write('\n'.join(vclock.LOOP_TRACE) + '\n')
        atexit.register(dump)
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
