"""KB Q272913 (CreateRemoteThread may leak a handle): user/kb272913 makes CreateRemoteThread's late step
(registering the thread with the environment subsystem) fail N times. Where the fix is missing the
process's handle count grows by exactly N, the thread objects stay in pool and `handle` lists the
leaked Thread handles (and poolmon the thread objects); where it is applied nothing grows. Each build's expectation comes from
kernel/include/kbfixes.h through kb_tests: rtm, sp, and two one-fix builds (this KB's fix alone, and
another KB's fix alone)."""
import re

from harness import kb_tests

VARIANTS = ("rtm", "sp", ("Q272913",), ("Q160650",))
THREAD_OBJECT_MIN = 64          # bytes of pool a thread object holds at least


def demo(name, n, options="", buggy_check=None, fixed_check=None):
    command = ("kb272913 %d %s" % (n, options)).strip()
    failed = r"kb272913: %d of %d CreateRemoteThread calls failed" % (n, n)
    exited = r'autorun: "%s" exited with status 0x%%08X' % command
    return kb_tests(
        name, "Q272913", variants=VARIANTS, cmdline='autorun="%s"' % command, input=["shutdown"], timeout=90,
        buggy=dict(expect=[failed, r"kb272913: before=\d+ after=\d+ leaked=%d\b" % n, exited % 1],
                   check=buggy_check and (lambda run: buggy_check(run, n))),
        fixed=dict(expect=[failed, r"kb272913: before=(\d+) after=\1 leaked=0\b", exited % 0],
                   check=fixed_check and (lambda run: fixed_check(run, n))))


def thread_pool(run):
    m = re.search(r"thread object pool bytes before=(\d+) after=(\d+)", run.serial)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def pool_kept(run, n):
    before, after = thread_pool(run)
    if before is None:
        return "no thread object pool line"
    if after - before < n * THREAD_OBJECT_MIN:
        return "%d thread handles leaked but thread pool grew by only %d bytes" % (n, after - before)
    return None


def pool_unchanged(run, n):
    before, after = thread_pool(run)
    if before is None:
        return "no thread object pool line"
    return None if before == after else "thread pool changed from %d to %d bytes" % (before, after)


def thread_handles_listed(run):
    """The Thread lines of `handle -p <pid>` as kb272913 ran it, and whether tlist ran after it."""
    m = re.search(r"kb272913: > handle -p (\d+)\r?\n(.*?)kb272913: > tlist\r?\n(.*?)\n\d+ processes", run.serial, re.S)
    if not m:
        return None, "kb272913 did not run handle and tlist"
    threads = re.findall(r"^\s*[0-9A-F]+\s+Thread\s", m.group(2), re.M)
    row = re.search(r"^\s*%s\s+\d+\s+kb272913\.exe\s+\d+\s+(\d+)" % m.group(1), m.group(3), re.M)
    return (len(threads), row and int(row.group(1))), None


def handles_show(expected_threads):
    """kb272913 -show runs handle, tlist and poolmon. While `handle` runs, kb272913 holds its child's and the tool's primary thread handles (and the
    tool's process handle), plus one per leaked remote thread."""
    def check(run, n):
        (found, error) = thread_handles_listed(run)
        if error:
            return error
        threads, tlist_count = found
        leaked = n if expected_threads else 0
        if threads != 2 + leaked:
            return "handle listed %d Thread handles, expected %d" % (threads, 2 + leaked)
        after = int(re.search(r"kb272913: before=\d+ after=(\d+)", run.serial).group(1))
        if tlist_count != after + 2:
            return "tlist shows %s handles for kb272913, expected its own count %d + 2" % (tlist_count, after)
        thre = re.search(r"kb272913: > poolmon\r?\n.*?^ Thre\s+\d+\s+\d+\s+\d+\s+(\d+)", run.serial, re.S | re.M)
        if not thre or int(thre.group(1)) <= thread_pool(run)[1]:
            return "poolmon's Thre bytes (%s) do not cover kb272913's thread pool after the calls (%d) " \
                   "plus poolmon's own thread" % (thre and thre.group(1), thread_pool(run)[1])
        return None
    return check


TESTS = (demo("kb272913-count", 100, buggy_check=pool_kept, fixed_check=pool_unchanged) +
         demo("kb272913-handles", 5, "-show", buggy_check=handles_show(True), fixed_check=handles_show(False)))
