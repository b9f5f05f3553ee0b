#!/usr/bin/env python3
"""What CPython does with a script on the virtual clock, as JSON for the end-to-end tests.

Usage: python3 e2e/expect.py FILE

Runs FILE through the project's oracle (tests/oracle/vclock.py --timestamps) and prints
{"stdout": <timestamped stdout>, "exit": <status>, "tasks": [{"name", "state"}...]}, where
the tasks are every task the loop created, in creation order, with their final state as the
visualizer names it (ready, failed, cancelled; pending if never finished).
"""

import asyncio
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "oracle"))

import vclock  # noqa: E402

created = []
INTERNAL = {"shutdown_asyncgens", "shutdown_default_executor"}
_create_task = asyncio.BaseEventLoop.create_task


def _recording_create_task(self, coro, **kwargs):
    task = _create_task(self, coro, **kwargs)
    # asyncio.run's own clean-up tasks are not the script's.
    if getattr(coro, "__qualname__", "").split(".")[-1] not in INTERNAL:
        created.append(task)
    return task


asyncio.BaseEventLoop.create_task = _recording_create_task


def state(task):
    if not task.done():
        return "pending"
    if task.cancelled():
        return "cancelled"
    return "failed" if task.exception() is not None else "ready"


def main():
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    captured = sys.stdout
    try:
        status = vclock.main(["vclock.py", sys.argv[1], "--timestamps"])
        sys.stdout.flush()
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    print(
        json.dumps(
            {
                "stdout": captured.getvalue(),
                "exit": status,
                "tasks": [{"name": t.get_name(), "state": state(t)} for t in created],
            }
        )
    )


if __name__ == "__main__":
    main()
