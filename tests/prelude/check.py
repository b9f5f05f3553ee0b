"""Prove the prelude faithful: run every case with real asyncio and with the
prelude patched in, both on the virtual clock, and require identical output
and an identical loop schedule (each loop turn, each callback run by name).

    python3 tests/prelude/check.py [-v] [--cases DIR] [FILTER...]
    python3 tests/prelude/check.py --coroscope BIN [FILTER...]

The second form runs the same cases with our interpreter
(`BIN run FILE --timestamps`, e.g. target/release/coroscope) and compares its
stdout (plus `!! ` + the last stderr line when it fails) with real asyncio's.

Cases: tests/prelude/cases/*.py and tests/cases/async__*.py (or DIR/async__*.py).
Also lints the prelude (no imports, only names the native API / interpreter
builtins provide).
"""
import ast
import difflib
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, HERE)
import shim  # noqa: E402


def lint():
    """Static check: no imports, every free name is defined or provided."""
    with open(shim.PRELUDE) as f:
        tree = ast.parse(f.read())
    defined = set(shim.INTERP_BUILTINS) | set(shim.NATIVE)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return ['line %d: import statement' % node.lineno]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            defined.add(node.id)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
        elif isinstance(node, (ast.Match, ast.AsyncFor)):
            return ['line %d: unsupported construct' % node.lineno]
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in defined:
            problems.append('line %d: unknown name %s' % (node.lineno, node.id))
    return problems


def run(path, prelude):
    cmd = [sys.executable, os.path.join(HERE, 'run_case.py')]
    if prelude:
        cmd.append('--prelude')
    with tempfile.NamedTemporaryFile('r', suffix='.trace') as tf:
        cmd += ['--loop-trace', tf.name, path]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        trace = tf.read()
    return p.stdout, p.stderr, p.returncode, trace


def run_coroscope(binary, path):
    p = subprocess.run([binary, 'run', path, '--timestamps'], capture_output=True,
                       text=True, timeout=60)
    out = p.stdout
    if p.returncode != 0:
        if out and not out.endswith('\n'):
            out += '\n'
        lines = p.stderr.rstrip('\n').split('\n')
        out += '!! ' + lines[-1] + '\n'
    return out, p.stderr, p.returncode


def main():
    argv = sys.argv[1:]
    binary = None
    if '--coroscope' in argv:
        i = argv.index('--coroscope')
        binary = argv[i + 1]
        del argv[i:i + 2]
    verbose = '-v' in argv
    cases_dir = os.path.join(ROOT, 'tests', 'cases')
    if '--cases' in argv:
        i = argv.index('--cases')
        cases_dir = argv[i + 1]
        del argv[i:i + 2]
    filters = [a for a in argv if a != '-v']
    problems = lint()
    for p in problems:
        print('LINT', p)
    cases = sorted(glob.glob(os.path.join(HERE, 'cases', '*.py')))
    cases += sorted(glob.glob(os.path.join(cases_dir, 'async__*.py')))
    if filters:
        cases = [c for c in cases if any(f in c for f in filters)]
    failed = 0
    for case in cases:
        name = os.path.relpath(case, ROOT) if case.startswith(ROOT) else case
        ref_out, ref_err, ref_rc, ref_trace = run(case, False)
        if binary is not None:
            out, err, rc = run_coroscope(binary, case)
            trace = ref_trace
            if ref_rc != 0 and rc != 0:
                rc = ref_rc  # compare the exception line, not the status
        else:
            out, err, rc, trace = run(case, True)
        if ref_out.startswith('!! SyntaxError') and case.startswith(HERE):
            failed += 1
            print('FAIL', name, '(the case itself does not compile)')
            sys.stdout.write(ref_out)
        elif (ref_out, ref_rc) == (out, rc) and ref_trace != trace:
            failed += 1
            print('FAIL', name, '(same output, different loop schedule)')
            sys.stdout.writelines(list(difflib.unified_diff(
                ref_trace.splitlines(True), trace.splitlines(True),
                'asyncio', 'prelude', n=4))[:80])
        elif (ref_out, ref_rc) == (out, rc):
            print('ok  ', name)
            if verbose:
                sys.stdout.write(out)
        else:
            failed += 1
            print('FAIL', name)
            sys.stdout.writelines(difflib.unified_diff(
                ref_out.splitlines(True), out.splitlines(True), 'asyncio',
                'coroscope' if binary else 'prelude'))
            if rc != ref_rc:
                print('  exit status: asyncio %d, other %d' % (ref_rc, rc))
            if err and not ref_err:
                sys.stdout.write(err)
    print('%d/%d cases identical%s' % (len(cases) - failed, len(cases),
                                       '' if not problems else ', %d lint problems' % len(problems)))
    sys.exit(1 if failed or problems else 0)


if __name__ == '__main__':
    main()
