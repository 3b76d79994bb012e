#!/usr/bin/env python3
"""`make bench`: boots the SP kernel three times under QEMU TCG through the test harness -- once with every
`KTEST(bench_*)` in the tree (kernel figures, and the TSC frequency from bench_dpc), once with
autorun="bench" (user-mode figures), once with autorun="kb179827" (time to the 16-bit wrap) -- and prints each figure as `bench NAME: N cycles (M ns)` and a
summary table. Not part of `make test`: the figures depend on the host. Logs: $BUILDROOT/bench-logs/."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
import harness  # noqa: E402

FIGURE = re.compile(r"^bench ([\w+ ]+?): (\d+) cycles(?: each)?(?: \(\d+ ns\))?\r?$", re.M)
TSC = re.compile(r"^bench tsc: (\d+) kHz", re.M)
WRAP = re.compile(r"^kb179827: (\d+) opens \(where a 16-bit count wraps\) took (\d+) ms", re.M)
KTEST_LIMIT = 127 - len("ktest=")


def bench_ktests():
    """The names of every KTEST(bench_...) in the kernel sources."""
    out = subprocess.run(["grep", "-rhoE", r"KTEST\(bench_\w+\)", "kernel", "drivers"], cwd=harness.ROOT,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    names = sorted(set(re.findall(r"KTEST\((bench_\w+)\)", out)))
    if "bench_dpc" in names:                     # it prints the TSC frequency: run it first
        names.remove("bench_dpc")
        names.insert(0, "bench_dpc")
    return names


def boot(name, log_root, **fields):
    test = harness.QemuTest(name, flavours=("sp",), timeout=600, **fields)
    ok, message, run = test.run("sp", os.path.join(log_root, name))
    if not ok:
        print("bench: the %s boot failed: %s (log: %s)" % (name, message, run.log_dir))
    return run.serial if ok else ""


def readable(ns):
    for unit, size in (("ms", 1000000), ("us", 1000)):
        if ns >= size:
            return "%.2f %s" % (ns / size, unit)
    return "%d ns" % ns


def main():
    log_root = os.path.join(harness.build_root(), "bench-logs")
    ktests = bench_ktests()
    cmdline = "ktest=" + ",".join(ktests)
    if len(cmdline) - len("ktest=") > KTEST_LIMIT:
        sys.exit("bench: too many bench ktests for one ktest= option: %s" % cmdline)
    print("bench: kernel benchmarks %s, then the user-mode program `bench` (SP kernel, QEMU TCG)" % ",".join(ktests))
    serial = boot("kernel", log_root, cmdline=cmdline)
    serial += boot("user", log_root, cmdline='autorun="bench"', input=["shutdown"],
                   expect=[r'autorun: "bench" exited with status 0x00000000'])
    # Q179827: wall time (the guest's TSC) to open one key 65,536 times, where RTM's 16-bit count wraps.
    wrap = WRAP.search(boot("kb179827", log_root, cmdline='autorun="kb179827"', input=["shutdown"]))
    tsc = TSC.search(serial)
    khz = int(tsc.group(1)) if tsc else None
    figures = [(m.group(1), int(m.group(2))) for m in FIGURE.finditer(serial)]
    ns = (lambda cycles: "%d ns" % (cycles * 1000000 // khz)) if khz else (lambda cycles: "? ns")
    for name, cycles in figures:
        print("bench %s: %d cycles (%s)" % (name, cycles, ns(cycles)))
    print()
    print("TSC: %s" % ("%d.%03d MHz (calibrated by the kernel against the PIT)" % (khz // 1000, khz % 1000)
                       if khz else "frequency not reported (bench_dpc did not run)"))
    print("%-28s %12s %12s" % ("figure", "cycles", "time"))
    for name, cycles in figures:
        print("%-28s %12d %12s" % (name, cycles, readable(cycles * 1000000 // khz) if khz else "?"))
    print("kb179827: %s" % ("%s opens of one key (the 16-bit wrap) took %s ms" % wrap.groups() if wrap
                            else "no timing line (the kb179827 boot failed)"))
    return 0 if figures and khz and serial.count("autorun") else 1


if __name__ == "__main__":
    sys.exit(main())
