"""Threads and the dispatcher (kernel/ke/{sched,thread,wait,event,semaphore,mutex,timer,apc}.c,
kernel/ps/{psinit,systhread}.c): the in-kernel tests of kernel/ps/schedtest.c and waittest.c in both
flavours, and one boot per misuse that must end in its bugcheck with NT's code and parameters."""
import re

from harness import QemuTest

KERNEL_ADDRESS = "0x80[1-9A-F][0-9A-F]{5}"


def stop_as_predicted(run):
    """The STOP line equals the `expect STOP:` line the test printed (<caller>: any kernel address)."""
    want = re.search(r"expect STOP: (0x[0-9A-F]{8} \([^)\n]*\))", run.serial)
    got = re.search(r"\*\*\* STOP: (0x[0-9A-F]{8} \([^)\n]*\))", run.serial)
    if not want or not got:
        return "no prediction line" if not want else "no STOP line"
    pattern = re.escape(want.group(1)).replace(re.escape("<caller>"), KERNEL_ADDRESS)
    if not re.fullmatch(pattern, got.group(1)):
        return "STOP %s, predicted %s" % (got.group(1), want.group(1))
    return None

SCHED = ["sched_preempt", "sched_priority_order", "sched_round_robin", "sched_terminate",
         "sched_thread_churn", "sched_starvation"]
WAITS = ["wait_timeout", "wait_multiple", "event_notification", "event_synchronization", "event_pulse",
         "event_set_and_wait", "wait_all_blocking"]
OBJECTS = ["mutex_counter", "mutex_abandoned", "semaphore_gate", "timer_dpc", "apc_kernel",
           "apc_critical_region"]
BOTH = ("rtm", "sp")


def ktest(name, tests, **kw):
    assert len(",".join(tests)) <= 127, "init.c reads at most 127 characters of ktest="
    cmdline = "ktest=" + ",".join(tests)
    return QemuTest(name, flavours=BOTH, cmdline=cmdline, timeout=60,
                    expect=[r"ktest %s: PASS" % t for t in tests] + [r"ktest: %d passed, 0 failed" % len(tests)],
                    **kw)


TESTS = [
    ktest("sched-threads", SCHED),
    ktest("sched-waits", WAITS),
    ktest("sched-objects", OBJECTS),
    QemuTest("sched-uefi", firmware="uefi", cmdline="ktest=sched_round_robin,wait_timeout,timer_dpc",
             timeout=60, expect=[r"ktest: 3 passed, 0 failed"]),
    # a 50 ms timeout is 5 clock ticks of 10 ms, give or take one (checked in the test, shown here)
    QemuTest("sched-timeout-ticks", cmdline="ktest=wait_timeout",
             expect=[r"50 ms timeout took [4-7] ticks", r"100 ms delay took (9|1[0-2]) ticks"]),
    # a wait with no timeout at DISPATCH_LEVEL: IRQL_NOT_LESS_OR_EQUAL (object, IRQL 2, 0, caller)
    QemuTest("sched-wait-at-dispatch", flavours=BOTH, cmdline="ktest=wait_at_dispatch",
             expect_stop=r"\*\*\* STOP: 0x0000000A \(0x[0-9A-F]{8},0x00000002,0x00000000,0x80[0-9A-F]{6}\)",
             check=stop_as_predicted),
    # four objects and no wait block array: MAXIMUM_WAIT_OBJECTS_EXCEEDED (count, array NULL, 0, caller)
    QemuTest("sched-wait-too-many", flavours=BOTH, cmdline="ktest=wait_too_many",
             expect_stop=r"\*\*\* STOP: 0x0000000C \(0x00000004,0x00000000,0x00000000,0x80[0-9A-F]{6}\)",
             check=stop_as_predicted),
    # releasing a mutant another thread owns: NT raises STATUS_MUTANT_NOT_OWNED, unhandled in kernel mode
    QemuTest("sched-mutant-not-owned", flavours=BOTH, cmdline="ktest=mutant_not_owned",
             expect_stop=r"\*\*\* STOP: 0x0000001E \(0xC0000046,0x80[0-9A-F]{6},0x[0-9A-F]{8},0x[0-9A-F]{8}\)",
             check=stop_as_predicted),
    # releasing a semaphore past its limit: NT raises STATUS_SEMAPHORE_LIMIT_EXCEEDED (semaphore, adjustment)
    QemuTest("sched-semaphore-limit", flavours=BOTH, cmdline="ktest=semaphore_limit",
             expect_stop=r"\*\*\* STOP: 0x0000001E \(0xC0000047,0x80[0-9A-F]{6},0x[0-9A-F]{8},0x00000001\)",
             check=stop_as_predicted),
]
