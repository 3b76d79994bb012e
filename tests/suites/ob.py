"""Object manager and handle tables (kernel/ob, kernel/ex/handle.c): the in-kernel tests of
kernel/ob/obtest.c and obtesthandle.c in both flavours, the kernel-mode close bugchecks, and Q160650
at the Ob level: RTM lets user mode close (and reuse) a driver's handle and blue-screens on the driver's
second close; SP keeps the driver's handle in the kernel table."""
from harness import QemuTest, kb_tests

BOTH = ("rtm", "sp")
OBJECTS = ["ob_lifetime", "ob_named", "ob_permanent", "ob_access", "ob_symlink", "ob_parse", "ob_namespace"]
HANDLES = ["ob_handle_pool", "ob_handle_inherit", "ob_user_close"]


def ktest(name, tests):
    cmdline = "ktest=" + ",".join(tests)
    assert len(cmdline) < 128 - len("ktest="), "init.c reads at most 127 characters of ktest="
    return QemuTest(name, flavours=BOTH, cmdline=cmdline, timeout=90,
                    expect=[r"ktest %s: PASS" % t for t in tests] + [r"ktest: %d passed, 0 failed" % len(tests)])


def stop_93(handle, p2):
    return r"\*\*\* STOP: 0x00000093 \(%s,0x%08X,0x00000000,0x00000000\)" % (handle, p2)


TESTS = [
    ktest("ob-objects", OBJECTS),
    ktest("ob-handles", HANDLES),
    QemuTest("ob-bench-handle", cmdline="ktest=bench_handle",
             expect=[r"bench handle create\+close: \d+ cycles", r"ktest bench_handle: PASS"]),
    # A protected handle closed from kernel mode is INVALID_KERNEL_HANDLE (handle, 0, 0, 0) in every flavour.
    QemuTest("ob-close-protected", flavours=BOTH, cmdline="ktest=ob_kernel_close_protected",
             expect=[r"closing protected handle 0x4 from kernel mode"], expect_stop=stop_93("0x00000004", 0)),
] + kb_tests(
    # Kernel mode closes a handle twice: NT 4.0 RTM blue-screens, SP reports STATUS_INVALID_HANDLE.
    "ob-close-invalid", "Q160650", cmdline="ktest=ob_kernel_close_invalid",
    buggy=dict(expect=[r"closing 0x4 again"], expect_stop=stop_93("0x00000004", 1)),
    fixed=dict(expect=[r"ktest ob_kernel_close_invalid: PASS"]),
) + kb_tests(
    # The driver's handle: in the process's table (RTM) the user's close succeeds and the driver's close
    # blue-screens; in the kernel table (SP) the user cannot touch it. Also in one-fix builds: only the
    # Q160650 fix changes it.
    "ob-q160650", "Q160650", cmdline="ktest=ob_q160650", variants=("rtm", "sp", ("Q160650",), ("Q179827",)),
    buggy=dict(expect=[r"driver handle 0x4, user close -> 0x0,"], expect_stop=stop_93("0x00000004", 1)),
    fixed=dict(expect=[r"driver handle 0x80000004, user close -> 0xc0000008,", r"driver close -> 0x0",
                       r"ktest ob_q160650: PASS"]),
) + kb_tests(
    # The nastier variant: the user's next open reuses the value, and the driver's close kills it (RTM).
    "ob-q160650-reuse", "Q160650", cmdline="ktest=ob_q160650_reuse",
    buggy=dict(expect=[r"user's new handle 0x4 was closed by the driver's close", r"ktest ob_q160650_reuse: PASS"]),
    fixed=dict(expect=[r"user's new handle 0x4 survived the driver's close", r"ktest ob_q160650_reuse: PASS"]),
)
