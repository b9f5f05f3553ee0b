"""Virtual-clock asyncio for the CPython oracle (issue 4).

`VirtualLoop` is a SelectorEventLoop whose `time()` is virtual: before each
`_run_once`, when nothing is ready, the clock jumps to the earliest
non-cancelled timer.  `install()` makes `asyncio.run` use it, makes
`time.sleep` advance the virtual clock without running the loop, makes
`time.time`/`monotonic`/`perf_counter` read it, and (with timestamps=True)
prefixes every printed line with f"{t:.3f} ".
"""
import asyncio
import builtins
import io
import sys
import time

CLOCK = [0.0]

# Loop trace: one entry per loop turn ("|") and per callback run (its name),
# so two runs can be compared turn by turn, not just by their prints.
LOOP_TRACE = []
_TRACING = [False]

# Prelude closures that stand for CPython's functools.partial(_release_waiter, waiter).
_ALIASES = {
    'wait_for.<locals>.cb': '_release_waiter',
    '_cancel_and_wait.<locals>.cb': '_release_waiter',
}


def callback_name(cb):
    func = getattr(cb, 'func', None)  # functools.partial
    if func is not None:
        cb = func
    name = getattr(cb, '__qualname__', None) or type(cb).__name__
    return _ALIASES.get(name, name)


def _traced_run(self, _orig=asyncio.events.Handle._run):
    if _TRACING[0]:
        LOOP_TRACE.append(callback_name(self._callback))
    return _orig(self)


class VirtualLoop(asyncio.SelectorEventLoop):
    def time(self):
        return CLOCK[0]

    def _run_once(self):
        if not self._ready and self._scheduled:
            whens = [h._when for h in self._scheduled if not h._cancelled]
            if whens:
                when = min(whens)
                if when > CLOCK[0]:
                    CLOCK[0] = when
        if _TRACING[0]:
            LOOP_TRACE.append('| %.6f' % CLOCK[0])
        super()._run_once()


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


def _vsleep(secs):
    CLOCK[0] += secs


def _vnow():
    return CLOCK[0]


_real_print = builtins.print
_at_line_start = [True]


def _tprint(*args, sep=' ', end='\n', file=None, flush=False):
    if file is not None and file is not sys.stdout:
        _real_print(*args, sep=sep, end=end, file=file, flush=flush)
        return
    buf = io.StringIO()
    _real_print(*args, sep=sep, end=end, file=buf)
    text = buf.getvalue()
    stamp = f"{CLOCK[0]:.3f} "
    out = []
    for ch in text:
        if _at_line_start[0]:
            out.append(stamp)
            _at_line_start[0] = False
        out.append(ch)
        if ch == '\n':
            _at_line_start[0] = True
    sys.stdout.write(''.join(out))


def install(timestamps=True, trace_loop=False):
    asyncio.set_event_loop_policy(VirtualPolicy())
    time.sleep = _vsleep
    time.time = _vnow
    time.monotonic = _vnow
    time.perf_counter = _vnow
    if timestamps:
        builtins.print = _tprint
    if trace_loop:
        _TRACING[0] = True
        asyncio.events.Handle._run = _traced_run
