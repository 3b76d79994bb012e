"""The I/O manager (kernel/io) from user mode: user/iotest opens \\\\.\\CrashDrv and \\Device\\Null through
NtCreateFile, checks that the drivers refuse unknown control codes (STATUS_INVALID_DEVICE_REQUEST) and
that bad buffer, output and I/O-status-block pointers are STATUS_ACCESS_VIOLATION (never a fault in the
kernel), that access is checked, and that closing 100 file handles gives the File, IRP and buffer pool
back to the byte. Also: the namespace shows the built-in drivers' devices and links, `crash` reaches the
driver only for kernel types, and `crash -u all` faults in user mode only."""
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
