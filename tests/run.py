#!/usr/bin/env python3
"""Runs servpack's tests: host unit tests (tests/unit/test_*.c, ASan+UBSan) and the QEMU tests listed in
tests/suites/*.py, two QEMUs at a time. Prints `pass NAME` or `FAIL NAME: reason` per test and ends with
exactly one line `N passed, M failed`. Logs go to $BUILDROOT/test-logs/. Usage: run.py [PREFIX]"""
import argparse
import concurrent.futures
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ROOT = harness.ROOT
UNIT_FLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
              "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer",
              "-Ikernel/include", "-Ilib/include", "-Itests/unit"]

print_lock = threading.Lock()


def report(results, name, ok, message):
    with print_lock:
        results.append(ok)
        print(("pass %s" % name) if ok else ("FAIL %s: %s" % (name, message)), flush=True)


# ---------------------------------------------------------------------------------------------
# Host unit tests

def unit_tests():
    """test_NAME.c (C, built with the sanitizers) and test_NAME.py (the harness's own tests)."""
    paths = glob.glob(os.path.join(ROOT, "tests/unit/test_*.c")) + glob.glob(
        os.path.join(ROOT, "tests/unit/test_*.py"))
    return [("unit-" + os.path.splitext(os.path.basename(p))[0][5:], p) for p in sorted(paths)]


def run_unit(name, path, log_dir):
    if path.endswith(".py"):
        return run_program([sys.executable, path], log_dir)
    first = open(path).readline()
    m = re.match(r"\s*//\s*SOURCES:(.*)", first)
    sources = m.group(1).split() if m else []
    exe = os.path.join(harness.build_root(), "unit", name)
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    os.makedirs(log_dir, exist_ok=True)
    log = os.path.join(log_dir, "output.txt")
    gen = "-I" + os.path.join(harness.build_root(), "sp", "gen")       # kbconfig.h, for kb.h users
    cc = subprocess.run(["gcc"] + UNIT_FLAGS + [gen, "-o", exe, os.path.relpath(path, ROOT)] + sources,
                        cwd=ROOT, capture_output=True, text=True)
    if cc.returncode:
        open(log, "w").write(cc.stdout + cc.stderr)
        return False, "does not compile: %s" % _first_error(cc.stderr)
    return run_program([exe], log_dir)


def run_program(args, log_dir):
    log = os.path.join(log_dir, "output.txt")
    os.makedirs(log_dir, exist_ok=True)
    try:
        r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                                    UBSAN_OPTIONS="print_stacktrace=1"))
    except subprocess.TimeoutExpired:
        return False, "timeout after 120 s"
    open(log, "w").write(r.stdout + r.stderr)
    if r.returncode == 0:
        return True, ""
    bad = [l for l in (r.stdout + r.stderr).splitlines()
           if l.startswith("FAIL") or "runtime error" in l or "ERROR: AddressSanitizer" in l]
    return False, (bad[0] if bad else "exit status %d" % r.returncode) + " (log: %s)" % log


def _first_error(text):
    lines = [l for l in text.splitlines() if "error" in l]
    return lines[0] if lines else text.strip()[:200]


# ---------------------------------------------------------------------------------------------
# QEMU suites

def load_suites(results):
    tests = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/suites/*.py"))):
        suite = os.path.basename(path)[:-3]
        try:
            spec = importlib.util.spec_from_file_location("suite_" + suite, path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            tests += list(getattr(mod, "TESTS"))
        except Exception as e:                          # a broken suite fails, the others still run
            report(results, "suite-" + suite, False, "cannot load %s: %s: %s" % (
                os.path.relpath(path, ROOT), type(e).__name__, e))
    return tests


def build_variants(variants):
    """Builds the variants the selected tests need (custom FIXES sets, Clang builds); make is a no-op
    for those make test has built already."""
    for v in sorted(variants):
        fixes = harness.variant_fixes(v)
        args = ["make", "--no-print-directory", "-j2", "BUILDROOT=" + harness.build_root()]
        flavour = v[len("clang-"):] if v.startswith("clang-") else v
        args += ["TOOLCHAIN=clang"] if v.startswith("clang-") else []
        args += ["FLAVOUR=" + flavour] if flavour in ("rtm", "sp") else ["FIXES=" + " ".join(sorted(fixes))]
        r = subprocess.run(args + ["kernel", "modules"], cwd=ROOT, capture_output=True, text=True)
        if r.returncode:
            sys.stdout.write(r.stdout + r.stderr)
            return "cannot build variant %s" % v
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("prefix", nargs="?", default="", help="run only tests whose name starts with this")
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--list", action="store_true", help="list the test names and exit")
    a = p.parse_args()
    started = time.time()
    logs = os.path.join(harness.build_root(), "test-logs")
    results = []

    units = [(n, path) for n, path in unit_tests() if n.startswith(a.prefix)]
    qemu_tests = [(full, v, t) for t in load_suites(results) for full, v in t.instances()
                  if full.startswith(a.prefix)]
    if a.list:
        for n, _ in units:
            print(n)
        for full, _, _ in qemu_tests:
            print(full)
        return 0
    if not a.prefix:
        shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs, exist_ok=True)
    if not units and not qemu_tests and not results:
        print("no test matches '%s' (try: make test-list)" % a.prefix)
        print("0 passed, 1 failed")
        return 1

    error = build_variants({v for _, v, _ in qemu_tests})
    if error:
        report(results, "build", False, error)
        qemu_tests = []

    def unit(item):
        name, path = item
        ok, message = run_unit(name, path, os.path.join(logs, name))
        report(results, name, ok, message)

    durations = []

    def one(item):
        full, variant, test = item
        started_one = time.time()
        try:
            ok, message, _ = test.run(variant, os.path.join(logs, full))
        except Exception as e:                          # a harness bug must not hide the other results
            ok, message = False, "harness error: %s: %s" % (type(e).__name__, e)
        durations.append((time.time() - started_one, full))
        report(results, full, ok, message)

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        list(pool.map(unit, units))
        # Longest first (UEFI boots cost ~4 s of firmware each), so the two lanes finish together.
        list(pool.map(one, sorted(qemu_tests, key=lambda item: -item[2].timeout)))

    if not a.prefix:                                    # drop images no test uses any more
        cache = os.path.join(harness.build_root(), "test-isos")
        for f in os.listdir(cache) if os.path.isdir(cache) else []:
            if os.path.join(cache, f) not in harness.images_used:
                os.unlink(os.path.join(cache, f))
    passed = sum(1 for r in results if r)
    slowest = ", ".join("%s %.0f s" % (n, d) for d, n in sorted(durations, reverse=True)[:5])
    print("(%.0f s%s; logs in %s)" % (time.time() - started, "; slowest: " + slowest if slowest else "",
                                     os.path.relpath(logs, os.getcwd())))
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
