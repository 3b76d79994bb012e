"""The trap layer (kernel/ke: gdt, idt, trap.S, exception, irql, dpc, spinlock, interrupt, clock; kernel/hal:
pic, pit, cmos, inputint).

- ke-ktests: the in-kernel tests that run to the end: vectors and IRQLs of the ISA lines, IRQL masking of a
  real device interrupt (the CMOS clock's IRQ 8), DPC order and queueing from an ISR, spin locks, the int 0x2E
  gate, interrupt-driven keyboard and COM1 input, the clock's rate against the TSC and the CMOS time.
  ke-ktests-uefi: the same under OVMF on q35 (the PICs as UEFI firmware leaves them).
- ke-stop-*: one boot each. The kernel prints the STOP line it expects (addresses taken from the labels of the
  faulting instructions) and then faults; the STOP line must match that line exactly, and the regex pins the
  code and every parameter that is not an address."""
import re

from harness import QemuTest

RUNNING = ["irql_vectors", "irql_masking", "dpc_order", "dpc_from_interrupt", "spinlock_basic",
           "system_service_gate", "input_interrupts", "clock_rate"]
FLAVOURS = ("rtm", "sp")
K = "0x80[1-9A-F][0-9A-F]{5}"          # an address in the kernel image (linked at 0x80100000)
STOP_LINE = re.compile(r"\*\*\* STOP: (0x[0-9A-F]{8} \([^)\n]*\))")


def matches_expectation(run):
    """The STOP line equals the one the test predicted (<caller> matches any kernel address)."""
    want = re.search(r"expect STOP: (0x[0-9A-F]{8} \([^)\n]*\))", run.serial)
    got = STOP_LINE.search(run.serial)
    if not want or not got:
        return "no expectation line" if not want else "no STOP line"
    pattern = re.escape(want.group(1)).replace(re.escape("<caller>"), K)
    if not re.fullmatch(pattern, got.group(1)):
        return "STOP %s, expected %s" % (got.group(1), want.group(1))
    return None


def stop(name, regex):
    test = QemuTest("ke-stop-" + name.replace("_", "-"), flavours=FLAVOURS, cmdline="ktest=stop_" + name,
                    expect_stop=r"\*\*\* STOP: " + regex, check=matches_expectation, timeout=60)
    test.ktest = False      # a run that ends in the expected STOP has no "ktest: N passed" summary to demand
    return test


TESTS = [
    QemuTest("ke-ktests", flavours=FLAVOURS, cmdline="ktest=" + ",".join(RUNNING), timeout=90,
             expect=[r"ktest %s: PASS" % t for t in RUNNING] + [r"ktest: %d passed, 0 failed" % len(RUNNING)]),
    QemuTest("ke-ktests-uefi", firmware="uefi", machine="q35", cmdline="ktest=" + ",".join(RUNNING), timeout=120,
             expect=[r"ktest: %d passed, 0 failed" % len(RUNNING)]),
    stop("pf_dispatch", r"0x0000000A \(0xE0000000,0x00000002,0x00000000,%s\)" % K),
    stop("pf_passive", r"0x00000050 \(0xE0000010,0x00000001,%s,0x00000000\)" % K),
    stop("int3", r"0x0000001E \(0x80000003,%s,0x00000000,0x00000000\)" % K),
    stop("divide", r"0x0000001E \(0xC0000094,%s,0x00000000,0x00000000\)" % K),
    stop("invalid_opcode", r"0x0000001E \(0xC000001D,%s,0x00000000,0x00000000\)" % K),
    stop("general_protection", r"0x0000001E \(0xC0000005,%s,0x00000000,0xFFFFFFFF\)" % K),
    stop("unexpected_vector", r"0x00000012 \(0x00000081,%s,0x00000000,0x00000000\)" % K),
    stop("stack_overflow", r"0x0000007F \(0x00000008,0x00000000,0x00000000,0x00000000\)"),
    stop("spinlock_owned", r"0x0000000F \(%s,%s,0x00000000,0x00000000\)" % (K, K)),
    stop("spinlock_not_owned", r"0x00000010 \(%s,0x00000000,0x00000000,0x00000000\)" % K),
    stop("irql_lower", r"0x0000000A \(0x00000002,0x00000000,0x00000000,%s\)" % K),
    stop("irql_raise", r"0x00000009 \(0x00000002,0x00000001,0x00000000,%s\)" % K),
]
