"""User-mode tests: programs from the PROGRAMS archive run through autorun=, their exit status is
printed by the kernel, and faults in ring 3 end only the faulting process (the kernel prints the
exception and goes on to the boot console, where `shutdown` ends the run). Both flavours."""
from harness import QemuTest

BOTH = ("rtm", "sp")


def autorun(name, command, expect, reject=(), **kw):
    return QemuTest(name, flavours=BOTH, cmdline='autorun="%s"' % command, input=["shutdown"],
                    expect=list(expect) + [r"servpack: power off"], reject=list(reject), timeout=60, **kw)


def fault(mode, status):
    """`crash -u MODE` faults in ring 3 (`crash MODE` without -u is the crash driver's kernel STOP)."""
    return autorun("user-fault-" + mode, "crash -u " + mode, [
        r"process \d+ \(crash\.exe\) terminated: exception 0x%08X at 0x004[0-9A-F]{5}" % status,
        r'autorun: "crash -u %s" exited with status 0x%08X' % (mode, status),
    ])


TESTS = [
    QemuTest("ktest-zw-services", flavours=BOTH, cmdline="ktest=zw_services,zw_bad_service_number",
             expect=[r"ktest zw_services: PASS", r"ktest zw_bad_service_number: PASS", r"ktest: 2 passed, 0 failed"]),
    autorun("user-hello", "hello one two -exit 7", [
        r"hello from user mode: 5 argument\(s\)",
        r'argv\[2\] = "two"',
        r'autorun: "hello one two -exit 7" exited with status 0x00000007',
    ]),
    QemuTest("user-hello-uefi", firmware="uefi", cmdline='autorun="hello -exit 3"', input=["shutdown"],
             expect=[r'autorun: "hello -exit 3" exited with status 0x00000003', r"servpack: power off"], timeout=90),
    autorun("user-missing-program", "nosuchprogram", [
        r'autorun: cannot start "nosuchprogram": status 0xC0000034',
    ]),
    fault("null", 0xC0000005),
    fault("kernel", 0xC0000005),
    fault("write-code", 0xC0000005),
    fault("illegal", 0xC000001D),
    fault("divide", 0xC0000094),
    fault("int3", 0x80000003),
    fault("privileged", 0xC0000096),
    # Every bad pointer, handle, access, service number and stack pointer fails its call; nothing stops.
    autorun("user-badcalls", "badcalls", [
        r"badcalls stack-kernel: PASS",
        r"badcalls args-straddling: PASS",
        r"badcalls access-denied-terminate: PASS",
        r"badcalls image-corrupt: PASS",
        r"badcalls: 0 failure\(s\)",
        r'autorun: "badcalls" exited with status 0x00000000',
    ], reject=[r"badcalls \S+: FAIL"]),
    # Processes, threads, remote threads, duplication, inheritance, memory, the handle sweep at exit.
    autorun("user-proctest", "proctest all", [
        r"proctest spawn: PASS", r"proctest threads: PASS", r"proctest suspended: PASS",
        r"proctest remote: PASS", r"proctest remote-detached: PASS", r"proctest duplicate: PASS",
        r"proctest inherit: PASS", r"proctest not-inherited: PASS", r"proctest memory: PASS",
        r"proctest sweep: PASS", r"proctest terminate-busy: PASS", r"proctest exit-with-threads: PASS",
        r"proctest: 0 failure\(s\)",
    ], reject=[r"proctest \S+: FAIL"]),
]
