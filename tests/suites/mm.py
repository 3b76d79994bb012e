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
    m = re.search(r"\*\*\* STOP: 0x[0-9A-F]{8} \(%s\)" % ",".join(["(" + H + ")"] * 4), serial)
    return [int(x, 16) for x in m.groups()] if m else None


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


def stopping(name, test, expected, flavours=BOTH, check=None):
    """A boot whose ktest ends in the expected STOP (so it has no "ktest: N passed" summary)."""
    t = QemuTest(name, flavours=flavours, cmdline="ktest=" + test, expect_stop=expected, check=check)
    t.ktest = False
    return t


TESTS = [
    ktests("mm-ktests", ["mm_physical", "mm_physical_exclusions", "mm_identity_gone", "mm_address_space",
                         "mm_io_space_shared", "mm_kernel_stack"]),
    ktests("mm-ktests-uefi", ["mm_physical", "mm_physical_exclusions", "mm_identity_gone", "mm_io_space_shared"],
           firmware="uefi"),
    ktests("pool-ktests", ["pool_basic", "pool_tags", "pool_many"], timeout=120),

    # pool corruption: BAD_POOL_HEADER (0x19), BAD_POOL_CALLER (0xC2); parameters as listed in kernel/ex/poolp.h
    stopping("pool-overrun", "pool_overrun", stop(0x19, 0x05, None, 0, None),
             check=params_match(r"overrunning block (0x[0-9A-F]{8}) into (0x[0-9A-F]{8})", (1, 3))),
    stopping("pool-write-after-free", "pool_write_after_free", stop(0x19, 0x0D, None, None, 0xDEADBEEE),
             check=params_match(r"decrementing a USHORT at (0x[0-9A-F]{8}) in freed block (0x[0-9A-F]{8})", (2, 1))),
    stopping("pool-write-after-free-link", "pool_write_after_free_link", stop(0x19, 0x03, None, None, None)),
    stopping("pool-double-free", "pool_double_free", stop(0xC2, 0x07, 0x74736554, None, None),
             check=params_match(r"freeing (0x[0-9A-F]{8}) twice", (3,))),
    stopping("pool-free-not-pool", "pool_free_not_pool", stop(0xC2, 0x42, None, 0, 0),
             check=params_match(r"freeing (0x[0-9A-F]{8}) \(a kernel variable\)", (1,))),
    stopping("pool-free-user-address", "pool_free_user_address", stop(0xC2, 0x40, 0x00010000, 0x80000000, 0)),
    stopping("pool-zero-bytes", "pool_zero_bytes", stop(0xC2, 0x00, 0, 0, 0x74736554)),
    stopping("pool-allocate-above-dispatch", "pool_allocate_above_dispatch", stop(0xC2, 0x08, 31, 0, 40)),
    stopping("pool-wrong-tag", "pool_wrong_tag", stop(0xC2, 0x0A, None, 0x74736554, 0x7268744F)),

    # bad kernel-mode accesses after the identity mapping is gone (the trap layer raises the STOP):
    # a user address is an unhandled access violation (0x1E, as NT), a kernel guard page is 0x50
    stopping("mm-user-read-faults", "mm_user_read_faults", stop(0x1E, 0xC0000005, None, 0, 0x00100000),
             flavours=("sp",)),
    stopping("mm-guard-page-faults", "mm_guard_page_faults", stop(0x50, None, 1, None, None), flavours=("sp",),
             check=params_match(r"guard page at (0x[0-9A-F]{8})", (0,))),
]
