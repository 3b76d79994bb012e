"""The I/O manager (kernel/io) from user mode: user/iotest opens \\\\.\\CrashDrv and \\Device\\Null through
NtCreateFile, checks that the drivers refuse unknown control codes (STATUS_INVALID_DEVICE_REQUEST) and
that bad buffer, output and I/O-status-block pointers are STATUS_ACCESS_VIOLATION (never a fault in the
kernel), that access is checked, and that closing 100 file handles gives the File, IRP and buffer pool
back to the byte. Also: the namespace shows the built-in drivers' devices and links, `crash` reaches the
driver only for kernel types, and `crash -u all` faults in user mode only. In the kernel (iotest.c):
completion routines, STATUS_MORE_PROCESSING_REQUIRED, pending requests, and the STOP codes 0x35 (no
stack location left) and 0x44 (an IRP completed twice)."""
import re

from harness import QemuTest

BOTH = ("rtm", "sp")


def autorun(name, command, expect, flavours=BOTH, **kw):
    exited = r'autorun: "%s" exited with status 0x%08X' % (re.escape(command), kw.pop("status", 0))
    return QemuTest(name, flavours=flavours, cmdline='autorun="%s"' % command, input=["shutdown"],
                    expect=list(expect) + [exited],
                    reject=[r"iotest: FAIL"], timeout=kw.pop("timeout", 90), **kw)


CHECKS = ["open-crashdrv", "open-missing", "open-below-device", "ioctl-unknown-code", "ioctl-bad-type",
          "ioctl-bad-input", "ioctl-kernel-output", "ioctl-bad-iosb", "ioctl-too-long", "ioctl-bad-handle",
          "null-write", "null-read", "write-bad-buffer", "read-kernel-buffer", "write-needs-access",
          "pool-files", "pool-irps-buffers"]

TESTS = [
    autorun("io-iotest", "iotest", [r"iotest: PASS %s:" % c for c in CHECKS] + [
        r"iotest: the handle names a File object called \\Device\\CrashDrv",
        r"iotest: File pool bytes: before (\d+), with 100 files open [1-9]\d*, after closing \1\r?\n",
        r"iotest: 0 failed"]),
    autorun("io-namespace", "obdir \\Device", [r"CrashDrv\s+Device", r"EvtLog\s+Device", r"Null\s+Device"],
            flavours=("sp",)),
    autorun("io-dos-links", "obdir \\??", [r"CrashDrv\s+SymbolicLink\s+-> \\Device\\CrashDrv",
                                            r"EvtLog\s+SymbolicLink\s+-> \\Device\\EvtLog"], flavours=("sp",)),
    autorun("io-crash-unknown", "crash nosuchtype", [r"crash: unknown type 'nosuchtype'", r"kernel types:",
                                                     r"user types:"], flavours=("sp",), status=1),
    autorun("io-crash-user-all", "crash -u all", [r"crash -u %-12s PASS" % t for t in
                                                  ("null", "kernel", "write-code", "illegal", "divide", "int3",
                                                   "privileged")] + [r"crash -u all: 7 passed, 0 failed"],
            flavours=("sp",), timeout=120),
]


def stop(code, p1):
    return r"\*\*\* STOP: 0x%08X \(%s,0x00000000,0x00000000,0x00000000\)" % (code, p1)


IRP_KTESTS = ["io_irp_completion", "io_irp_more_processing", "io_irp_pending", "io_delete_device"]
TESTS += [
    # IRP mechanics in the kernel: completion routines bottom-up (success only / skipped on error),
    # STATUS_MORE_PROCESSING_REQUIRED and a second completion, a pending request completed by another thread.
    QemuTest("io-irp", flavours=BOTH, cmdline="ktest=" + ",".join(IRP_KTESTS),
             expect=[r"io_irp_completion: success: filter,lower,completion",
                     r"io_irp_completion: error: filter,lower\r?\n", r"io_irp_more_processing: lower,kept,again"] +
                    [r"ktest %s: PASS" % t for t in IRP_KTESTS] +
                    [r"ktest: %d passed, 0 failed" % len(IRP_KTESTS)]),
    QemuTest("io-no-more-stack-locations", cmdline="ktest=io_no_more_stack_locations",
             expect=[r"sending IRP ([0-9A-Fa-f]{8}), which has no stack location"],
             expect_stop=stop(0x35, "0x[0-9A-F]{8}")),
    QemuTest("io-double-complete", cmdline="ktest=io_double_complete",
             expect=[r"completing IRP [0-9A-Fa-f]{8} a second time"], expect_stop=stop(0x44, "0x[0-9A-F]{8}")),
]
