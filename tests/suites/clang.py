"""The same kernel built with Clang must behave as the GCC build does: a representative set of the other
suites' tests (in-kernel tests of every component, STOP codes and parameters, user mode, the KB
demonstrations) runs again on clang-rtm / clang-sp, named clang-<test>[clang-<flavour>]."""
import copy
import importlib.util
import os

from harness import ROOT

# suite file -> tests from it that run again on the Clang builds
SELECTION = {
    "ke": ["ke-ktests", "ke-stop-pf-dispatch", "ke-stop-stack-overflow"],
    "mm": ["mm-ktests", "pool-ktests", "pool-write-after-free", "pool-double-free"],
    "sched": ["sched-objects", "sched-threads"],
    "ob": ["ob-handles", "ob-q160650"],
    "cm": ["cm-ktests"],
    "user": ["user-badcalls", "user-proctest", "user-fault-null"],
    "bugcheck": ["crash-irql"],
    "kb160650": ["kb160650"],
    "kb272913": ["kb272913-count"],
}


def suite_tests(suite):
    path = os.path.join(ROOT, "tests/suites/%s.py" % suite)
    spec = importlib.util.spec_from_file_location("clang_suite_" + suite, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TESTS


def on_clang(test):
    """A copy of `test` that runs on the Clang builds of the GCC flavours it runs on."""
    clone = copy.copy(test)
    clone.name = "clang-" + test.name
    clone.variants = ["clang-" + v for v in test.variants if v in ("rtm", "sp")]
    return clone


TESTS = []
for suite, names in sorted(SELECTION.items()):
    chosen = [on_clang(t) for t in suite_tests(suite) if t.name in names]   # a name may have one test per variant
    missing = set(names) - {t.name[len("clang-"):] for t in chosen if t.variants}
    if missing:
        raise LookupError("tests/suites/%s.py has no rtm/sp test named %s" % (suite, ", ".join(sorted(missing))))
    TESTS += [t for t in chosen if t.variants]
