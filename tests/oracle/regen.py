#!/usr/bin/env python3
"""Regenerate the CPython goldens of the asyncio/time/random cases.

Usage: python3 tests/oracle/regen.py [--check] [--perturb] [NAME_SUBSTRING ...]

For every `tests/cases/{async,time,random}__*.py` it runs the oracle
(`vclock.py FILE --timestamps`) and writes, next to the case:
- `NAME.out`       the timestamped stdout (always written, may be empty);
- `NAME.err_last`  the last stderr line, only when the script exits non-zero
                   (an uncaught exception or a syntax error: exit status 1);
- `NAME.err_warn`  the teaching warnings CPython printed to stderr (one per line:
                   `tests/cases/NAME.py:N: RuntimeWarning: coroutine 'f' was never awaited`,
                   `Task exception was never retrieved`), only when there are some.
The case runs from the repository root as `tests/cases/NAME.py` (the name its tracebacks and
warnings show), as the conformance tests run it. Stale `.err_last`/`.err_warn` files are
removed. Each case runs twice; a case whose two
runs differ is reported as nondeterministic (and the run fails).
`--check` writes nothing and exits 1 if any golden would change.
`--perturb` also runs each case with VCLOCK_PERTURB=1..6 (different allocator states) to catch
output that depends on object addresses, e.g. the set order in which TaskGroup cancels tasks.
"""

import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CASES = os.path.normpath(os.path.join(HERE, "..", "cases"))
VCLOCK = os.path.join(HERE, "vclock.py")
PREFIXES = ("async__", "time__", "random__")
WARNING_RE = re.compile(
    r"^(\S+\.py:\d+: RuntimeWarning: coroutine '.*' was never awaited"
    r"|Task exception was never retrieved)$"
)


def run_case(path, perturb=0):
    env = dict(os.environ, VCLOCK_PERTURB=str(perturb))
    p = subprocess.run(
        [sys.executable, VCLOCK, os.path.relpath(path, ROOT), "--timestamps"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return p.stdout, p.stderr, p.returncode


def goldens(path, perturb=0):
    out, err, rc = run_case(path, perturb)
    files = {".out": out}
    lines = err.rstrip("\n").splitlines()
    if rc != 0:
        files[".err_last"] = (lines[-1] if lines else "") + "\n"
    warns = [l for l in lines if WARNING_RE.match(l)]
    if warns:
        files[".err_warn"] = "".join(w + "\n" for w in warns)
    return files, rc


def main(argv):
    check = "--check" in argv
    filters = [a for a in argv[1:] if not a.startswith("--")]
    paths = sorted(
        p
        for p in glob.glob(os.path.join(CASES, "*.py"))
        if os.path.basename(p).startswith(PREFIXES)
        and (not filters or any(f in os.path.basename(p) for f in filters))
    )
    changed = 0
    bad = 0
    for path in paths:
        stem = path[:-3]
        files, rc = goldens(path)
        name = os.path.basename(stem)
        runs = range(1, 7) if "--perturb" in argv else range(1, 2)
        if any(goldens(path, k)[0] != files for k in runs):
            print(f"NONDETERMINISTIC {name}")
            bad += 1
            continue
        for ext in (".out", ".err_last", ".err_warn"):
            target = stem + ext
            want = files.get(ext)
            have = None
            if os.path.exists(target):
                with open(target, encoding="utf-8") as f:
                    have = f.read()
            if want == have:
                continue
            changed += 1
            print(f"{'would change' if check else 'wrote'} {name}{ext}")
            if check:
                continue
            if want is None:
                os.remove(target)
            else:
                with open(target, "w", encoding="utf-8") as f:
                    f.write(want)
    print(f"{len(paths)} cases, {changed} golden files {'differ' if check else 'updated'}, {bad} nondeterministic")
    return 1 if bad or (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
