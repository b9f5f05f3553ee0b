"""The Rust core's native asyncio API, built out of real asyncio, plus the prelude.

`namespace()` execs src/runtime/prelude.py in a namespace holding only the
native API the Rust core provides (and the builtins our interpreter has), and
returns it.  `install()` then monkeypatches `asyncio.<name>` with the
prelude's versions, so scripts doing `import asyncio` run on the prelude.
"""
import asyncio
import builtins
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PRELUDE = os.path.join(HERE, '..', '..', 'src', 'runtime', 'prelude.py')

# Builtins our interpreter provides (src/interp/builtins.rs, src/interp/types.rs).
INTERP_BUILTINS = """
print len repr ascii isinstance issubclass sum min max abs round sorted reversed
enumerate zip map filter any all divmod pow iter next hasattr getattr setattr
callable id hash ord chr hex bin oct format input open staticmethod classmethod
property super None True False
BaseException BaseExceptionGroup GeneratorExit KeyboardInterrupt SystemExit
Exception ArithmeticError FloatingPointError OverflowError ZeroDivisionError
AssertionError AttributeError BufferError EOFError ImportError
ModuleNotFoundError LookupError IndexError KeyError MemoryError NameError
UnboundLocalError OSError ConnectionError TimeoutError ReferenceError
RuntimeError NotImplementedError RecursionError StopAsyncIteration
StopIteration SyntaxError IndentationError TabError SystemError TypeError
ValueError UnicodeError Warning DeprecationWarning RuntimeWarning UserWarning
ExceptionGroup type int float str list tuple dict set range slice object bool
""".split()

# Names exec needs internally to define classes.
EXEC_INTERNALS = ['__build_class__', '__import__']

# The native API of the Rust core (issue 4 / prelude brief).
NATIVE = {
    'Future': asyncio.Future,
    'Task': asyncio.Task,
    'get_running_loop': asyncio.get_running_loop,
    'get_event_loop': asyncio.get_event_loop,
    'create_task': asyncio.create_task,
    'current_task': asyncio.current_task,
    'all_tasks': asyncio.all_tasks,
    'sleep': asyncio.sleep,
    'CancelledError': asyncio.CancelledError,
    'InvalidStateError': asyncio.InvalidStateError,
    'TimeoutError': TimeoutError,
    'QueueEmpty': asyncio.QueueEmpty,
    'QueueFull': asyncio.QueueFull,
    'iscoroutine': asyncio.iscoroutine,
    'isfuture': asyncio.isfuture,
    '_label': lambda fut, text: None,
}

# What the prelude defines and asyncio exports.
EXPORTS = """
Lock Event Condition Semaphore BoundedSemaphore Barrier BrokenBarrierError
Queue PriorityQueue LifoQueue
gather shield wait_for wait FIRST_COMPLETED FIRST_EXCEPTION ALL_COMPLETED
as_completed timeout timeout_at Timeout TaskGroup ensure_future
""".split()


def namespace(labels=None):
    bi = {name: getattr(builtins, name) for name in INTERP_BUILTINS + EXEC_INTERNALS
          if hasattr(builtins, name)}
    ns = {'__builtins__': bi, '__name__': 'prelude'}
    ns.update(NATIVE)
    if labels is not None:
        ns['_label'] = lambda fut, text: labels.append(text)
    with open(PRELUDE) as f:
        src = f.read()
    exec(compile(src, PRELUDE, 'exec'), ns)
    return ns


def install(labels=None):
    ns = namespace(labels)
    for name in EXPORTS:
        setattr(asyncio, name, ns[name])
    return ns
