#!/usr/bin/env python3
"""Self-checks of the virtual-clock oracle: python3 tests/oracle/selftest.py (exit 0 = ok)."""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VCLOCK = os.path.join(HERE, "vclock.py")

CHECKS = [
    (
        "sleep(1) is stamped 1.000",
        "import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print('x')\nasyncio.run(main())\n",
        "1.000 x\n",
        0,
    ),
    (
        "gather of sleeps takes the max, not the sum",
        "import asyncio\nasync def main():\n"
        "    await asyncio.gather(asyncio.sleep(1), asyncio.sleep(3), asyncio.sleep(2))\n"
        "    print('done', asyncio.get_running_loop().time())\nasyncio.run(main())\n",
        "3.000 done 3.0\n",
        0,
    ),
    (
        "time.sleep blocks other tasks and advances the clock",
        "import asyncio, time\n"
        "async def other():\n    await asyncio.sleep(0.5)\n    print('other', time.monotonic())\n"
        "async def main():\n    t = asyncio.create_task(other())\n    await asyncio.sleep(0)\n"
        "    time.sleep(2)\n    print('slept')\n    await t\nasyncio.run(main())\n",
        "2.000 slept\n2.000 other 2.0\n",
        0,
    ),
    (
        "wait_for timeout fires at the deadline",
        "import asyncio\nasync def main():\n    try:\n"
        "        await asyncio.wait_for(asyncio.sleep(5), timeout=1.25)\n"
        "    except asyncio.TimeoutError:\n        print('timeout')\nasyncio.run(main())\n",
        "1.250 timeout\n",
        0,
    ),
    (
        "clock starts at 0 and is shared by time and loop",
        "import asyncio, time\nprint(time.time(), time.perf_counter())\ntime.sleep(0.5)\n"
        "async def main():\n    print(asyncio.get_running_loop().time())\nasyncio.run(main())\n",
        "0.000 0.0 0.0\n0.500 0.5\n",
        0,
    ),
    (
        "a line is stamped when its first character is written",
        "import asyncio\nasync def main():\n    print('a', end='')\n    await asyncio.sleep(1)\n"
        "    print('b')\n    print('c\\nd')\nasyncio.run(main())\n",
        "0.000 ab\n1.000 c\n1.000 d\n",
        0,
    ),
    (
        "uncaught exception exits 1",
        "import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    raise ValueError('boom')\n"
        "asyncio.run(main())\n",
        "",
        1,
    ),
]


LAST_PATH = [""]


def run(src, stamp=True):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(src)
        path = f.name
    LAST_PATH[0] = path
    try:
        args = [sys.executable, VCLOCK, path] + (["--timestamps"] if stamp else [])
        p = subprocess.run(args, capture_output=True, text=True, timeout=30)
        return p.stdout, p.stderr, p.returncode
    finally:
        os.unlink(path)


def main():
    bad = 0
    for name, src, want_out, want_rc in CHECKS:
        out, err, rc = run(src)
        ok = out == want_out and rc == want_rc
        if ok and want_rc == 1:
            last = err.rstrip("\n").splitlines()[-1]
            script = f'File "{LAST_PATH[0]}"'
            frames = [l for l in err.splitlines() if script in l]
            ok = last == "ValueError: boom" and frames and "vclock.py" not in err
            ok = ok and f'  {script}, line 4, in main' in err.splitlines()
        print(("ok   " if ok else "FAIL ") + name)
        if not ok:
            bad += 1
            print(f"  want {want_out!r} rc={want_rc}\n  got  {out!r} rc={rc}\n  stderr: {err}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
