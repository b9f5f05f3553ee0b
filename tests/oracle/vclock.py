#!/usr/bin/env python3
"""CPython oracle: run an asyncio script under real CPython asyncio on a VIRTUAL clock.

Usage: python3 tests/oracle/vclock.py FILE [--timestamps] [--epoch SECONDS]

Same contract as `coroscope run FILE [--timestamps] [--epoch SECONDS]`:
- the script runs unmodified (`asyncio.run(main())` picks up the virtual loop through the
  event loop policy);
- the clock starts at 0.0 and jumps to the earliest pending (non-cancelled) timer whenever the
  loop has nothing ready; the selector never blocks;
- `time.sleep(s)` advances the clock by `s` without running the loop (it blocks every task);
  `time.monotonic`, `time.perf_counter` (and their `_ns` forms) read the clock;
- the wall clock (`time.time`, `time_ns`, and `localtime`/`gmtime`/`ctime`/`asctime`/
  `strftime` without an explicit time) is the epoch (0, or `--epoch SECONDS`) plus the clock,
  in UTC (`TZ=UTC`); `process_time`/`thread_time` are 0 (computation takes no virtual time);
- `--timestamps` prefixes every printed line with `f"{t:.3f} "`, `t` being the virtual time
  when the line's first character is written;
- the script is named FILE as given on the command line (tracebacks, warnings, `__file__`,
  `sys.argv[0]`, reprs);
- an uncaught exception prints the traceback (script frames as `File "FILE", line N, in f`)
  to stderr and exits with status 1. A syntax error does the same.

Clock details the Rust runtime must mirror:
- one global clock, shared by every `asyncio.run` in the script and by the `time` module;
- the loop's `_clock_resolution` is fixed at 1e-9 (Linux CLOCK_MONOTONIC): CPython moves every
  timer with `when < now + 1e-9` to the ready queue in the same iteration, in heap order;
- if nothing is ready and no timer is pending, the real loop would block forever; the oracle
  then reports a deadlock on stderr and exits with status 3.
"""

import asyncio
import asyncio.base_events
import builtins
import linecache
import os
import selectors
import sys
import time
import traceback

CLOCK_RESOLUTION = 1e-09


class _Clock:
    """The one virtual clock (seconds, float, starts at 0.0) and the wall clock's start."""

    now = 0.0
    epoch = 0.0


def _advance_to(t):
    if t > _Clock.now:
        _Clock.now = t


class DeadlockError(BaseException):
    """Nothing ready, no timer pending: a real loop would sleep forever."""


class _NonBlockingSelector(selectors.DefaultSelector):
    """A selector whose select() never waits."""

    def select(self, timeout=None):
        return super().select(0)


class VirtualClockEventLoop(asyncio.SelectorEventLoop):
    """A selector loop whose `time()` is the virtual clock."""

    def __init__(self):
        super().__init__(_NonBlockingSelector())
        self._clock_resolution = CLOCK_RESOLUTION

    def time(self):
        return _Clock.now

    def _run_once(self):
        if not self._ready and not self._stopping:
            pending = [h._when for h in self._scheduled if not h._cancelled]
            if not pending:
                raise DeadlockError(
                    "event loop deadlock: no callback is ready and no timer is pending"
                )
            _advance_to(min(pending))
        super()._run_once()


class VirtualClockPolicy(asyncio.DefaultEventLoopPolicy):
    """Makes `asyncio.run` / `new_event_loop` build virtual-clock loops."""

    _loop_factory = VirtualClockEventLoop


def _v_sleep(secs):
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    _Clock.now += secs


def _v_time():
    return _Clock.now


def _v_time_ns():
    return int(_Clock.now * 1e9)


def _v_wall():
    return _Clock.epoch + _Clock.now


def _v_wall_ns():
    return int(_v_wall() * 1e9)


def _v_cpu():
    return 0.0


def _v_cpu_ns():
    return 0


def _at_wall(f, arg_default=None):
    """`f` with its optional time argument defaulting to the virtual wall clock."""

    def g(*args):
        if not args or args[0] is arg_default:
            args = (_v_wall(),) + args[1:]
        return f(*args)

    g.__name__ = f.__name__
    return g


def _install_time():
    os.environ["TZ"] = "UTC"
    time.tzset()
    real_localtime, real_strftime, real_asctime = time.localtime, time.strftime, time.asctime
    time.sleep = _v_sleep
    time.time = _v_wall
    time.monotonic = _v_time
    time.perf_counter = _v_time
    time.time_ns = _v_wall_ns
    time.monotonic_ns = _v_time_ns
    time.perf_counter_ns = _v_time_ns
    time.process_time = _v_cpu
    time.thread_time = _v_cpu
    time.process_time_ns = _v_cpu_ns
    time.thread_time_ns = _v_cpu_ns
    time.localtime = _at_wall(time.localtime)
    time.gmtime = _at_wall(time.gmtime)
    time.ctime = _at_wall(time.ctime)

    def strftime(fmt, *t):
        return real_strftime(fmt, *(t or (real_localtime(_v_wall()),)))

    def asctime(*t):
        return real_asctime(*(t or (real_localtime(_v_wall()),)))

    time.strftime = strftime
    time.asctime = asctime


class TimestampedStdout:
    """Wraps stdout: prefixes each line with the virtual time of its first character."""

    def __init__(self, inner, stamp):
        self._inner = inner
        self._stamp = stamp
        self._at_line_start = True

    def write(self, s):
        if not self._stamp:
            return self._inner.write(s)
        out = []
        for piece in s.splitlines(keepends=True):
            if self._at_line_start:
                out.append(f"{_Clock.now:.3f} ")
            out.append(piece)
            self._at_line_start = piece.endswith("\n")
        self._inner.write("".join(out))
        return len(s)

    def flush(self):
        self._inner.flush()

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _strip_oracle_frames(tb):
    """Drop the oracle's own frames (the exec call) from the head of a traceback."""
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return tb


def main(argv):
    args, flags, rest = [], [], list(argv[1:])
    while rest:
        a = rest.pop(0)
        if a == "--epoch" and rest:
            try:
                _Clock.epoch = float(rest.pop(0))
            except ValueError:
                args.append(None)
        elif a.startswith("--"):
            flags.append(a)
        else:
            args.append(a)
    unknown = [f for f in flags if f != "--timestamps"]
    if len(args) != 1 or None in args or unknown:
        sys.stderr.write("usage: vclock.py FILE [--timestamps] [--epoch SECONDS]\n")
        return 2
    path = args[0]
    with open(path, encoding="utf-8") as f:
        source = f.read()

    # Tracebacks and warnings show the script's source lines, as CPython does for a file.
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[path] = (len(source), None, lines, path)

    _install_time()
    asyncio.set_event_loop_policy(VirtualClockPolicy())
    sys.stdout = TimestampedStdout(sys.stdout, "--timestamps" in flags)
    sys.argv = [path]

    # VCLOCK_PERTURB=N (regen.py --perturb) shifts the allocator's state so that output
    # depending on object addresses (set order of tasks, ...) shows up as a difference.

    keep = []
    perturb = int(os.environ.get("VCLOCK_PERTURB", "0") or "0")
    for i in range(perturb * 37):
        keep.append([None] * (1 + (i * 7919 + perturb * 104729) % 23))
        if i % 3 == 0:
            keep.append(object())
        if i % 5 == 0 and keep:
            keep.pop(len(keep) // 2)

    status = 0
    try:
        code = compile(source, path, "exec")
        globs = {"__name__": "__main__", "__builtins__": builtins, "__file__": path}
        exec(code, globs)
    except DeadlockError as e:
        sys.stdout.flush()
        sys.stderr.write(f"vclock: {e}\n")
        status = 3
    except SystemExit as e:
        code = e.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code
        else:
            sys.stderr.write(f"{code}\n")
            status = 1
    except BaseException as e:  # noqa: BLE001 - every uncaught exception ends the run
        sys.stdout.flush()
        if isinstance(e, SyntaxError) and e.text is None and e.filename == path:
            # Errors found after parsing (symtable/compiler) carry no text for a
            # pseudo-filename; show the source line as `python3 FILE` would.
            if e.lineno and 0 < e.lineno <= len(lines):
                e.text = lines[e.lineno - 1]
        traceback.print_exception(type(e), e, _strip_oracle_frames(e.__traceback__))
        status = 1
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(code)
