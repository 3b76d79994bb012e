"""Memory manager and pool tests: the in-kernel KTESTs (physical pages, address spaces, user copies,
kernel stacks, pool patterns and counters, the 70,000-block run) and one boot per pool corruption or
bad memory access, each checked against the exact STOP code and parameters."""
import re

from harness import QemuTest

BOTH = ("rtm", "sp")
H = r"0x[0-9A-F]{8}"            # any parameter


def stop(code, *params):
    """A STOP line regex; a parameter of None matches anything."""
    fields = ",".join(H if p is None else "0x%08X" % p for p in params)
    return r"\*\*\* STOP: 0x%08X \(%s\)" % (code, fields)


def stop_params(serial):
    m = re.search(r"\*\*\* STOP: 0x([0-9A-F]{8}) \((0x[0-9A-F]{8}),(0x[0-9A-F]{8}),(0x[0-9A-F]{8}),(0x[0-9A-F]{8})\)", serial)
    return [int(x, 16) for x in m.groups()[1:]] if m else None


def params_match(pattern, positions):
    """A check: the addresses the test printed (regex groups) are the STOP parameters at `positions`."""
    def check(run):
        m = re.search(pattern, run.serial)
        params = stop_params(run.serial)
        if not m or not params:
            return "no '%s' line or no STOP line" % pattern
        for group, position in zip(m.groups(), positions):
            if int(group, 16) != params[position]:
                return "parameter %d is 0x%08X, expected %s" % (position + 1, params[position], group)
        return None
    return check


def ktests(name, tests, **kw):
    return QemuTest(name, flavours=BOTH, cmdline="ktest=" + ",".join(tests),
                    expect=[r"ktest %s: PASS" % t for t in tests] + [r"ktest: %d passed, 0 failed" % len(tests)],
                    reject=[r"ktest \w+: FAIL"], **kw)


TESTS = [
    ktests("mm-ktests", ["mm_physical", "mm_identity_gone", "mm_address_space", "mm_io_space_shared",
                         "mm_kernel_stack"]),
    ktests("mm-ktests-uefi", ["mm_physical", "mm_identity_gone", "mm_io_space_shared"], firmware="uefi"),
    ktests("pool-ktests", ["pool_basic", "pool_tags", "pool_many"], timeout=120),

    # pool corruption: BAD_POOL_HEADER (0x19) and BAD_POOL_CALLER (0xC2), parameters as in docs/mm.md
    QemuTest("pool-overrun", flavours=BOTH, cmdline="ktest=pool_overrun",
             expect_stop=stop(0x19, 0x05, None, 0, None),
             check=params_match(r"overrunning block (0x[0-9a-f]+) into (0x[0-9a-f]+)", (1, 3))),
    QemuTest("pool-write-after-free", flavours=BOTH, cmdline="ktest=pool_write_after_free",
             expect_stop=stop(0x19, 0x0D, None, None, 0xDEADBEEE),
             check=params_match(r"decrementing a USHORT at (0x[0-9a-f]+) in freed block (0x[0-9a-f]+)", (2, 1))),
    QemuTest("pool-write-after-free-link", flavours=BOTH, cmdline="ktest=pool_write_after_free_link",
             expect_stop=stop(0x19, 0x03, None, None, None)),
    QemuTest("pool-double-free", flavours=BOTH, cmdline="ktest=pool_double_free",
             expect_stop=stop(0xC2, 0x07, 0x74736554, None, None),
             check=params_match(r"freeing (0x[0-9a-f]+) twice", (3,))),
    QemuTest("pool-free-not-pool", flavours=BOTH, cmdline="ktest=pool_free_not_pool",
             expect_stop=stop(0xC2, 0x42, None, 0, 0),
             check=params_match(r"freeing (0x[0-9a-f]+) \(a kernel variable\)", (1,))),
    QemuTest("pool-free-user-address", flavours=BOTH, cmdline="ktest=pool_free_user_address",
             expect_stop=stop(0xC2, 0x40, 0x00010000, 0x80000000, 0)),
    QemuTest("pool-zero-bytes", flavours=BOTH, cmdline="ktest=pool_zero_bytes",
             expect_stop=stop(0xC2, 0x00, 0, 0, 0x74736554)),
    QemuTest("pool-wrong-tag", flavours=BOTH, cmdline="ktest=pool_wrong_tag",
             expect_stop=stop(0xC2, 0x0A, None, 0x74736554, 0x7268744F)),

    # bad kernel-mode accesses after the identity mapping is gone (the trap layer raises the STOP):
    # a user address is an unhandled access violation (0x1E, as NT), a kernel guard page is 0x50
    QemuTest("mm-user-read-faults", cmdline="ktest=mm_user_read_faults",
             expect_stop=stop(0x1E, 0xC0000005, None, 0, 0x00100000)),
    QemuTest("mm-guard-page-faults", cmdline="ktest=mm_guard_page_faults",
             expect_stop=stop(0x50, None, 1, None, None),
             check=params_match(r"guard page at (0x[0-9a-f]+)", (0,))),
]
