"""scfuzz, the system-call fuzzer (user/scfuzz), in both flavours with fixed seeds: no user-mode input
may stop the kernel. A run passes when the fuzzer prints its final line and exits 0, nothing
bugchecks, the system then powers off cleanly, and the kernel pool outside the registry is back
where it was once the fuzzing child has exited (unless the child left threads or handles behind in
other processes, which keep what they hold)."""
import re

from harness import QemuTest

SEEDS = (1, 2, 3)
ITERATIONS = 80000          # about 10 s under TCG


def pool_back_to_baseline(run):
    left = re.search(r"scfuzz: the child left (\d+) handles in other processes, (\d+) threads in this one",
                     run.serial)
    growth = re.search(r"scfuzz: pool growth (-?\d+) bytes, (-?\d+) outside the registry", run.serial)
    if not left or not growth:
        return "scfuzz printed no pool report"
    if left.group(1) == "0" and left.group(2) == "0" and int(growth.group(2)) > 0:
        return "pool grew by %s bytes outside the registry and nothing holds them" % growth.group(2)
    return None


def fuzz(seed):
    command = "scfuzz -s %d -n %d" % (seed, ITERATIONS)
    return QemuTest("scfuzz-seed%d" % seed, flavours=("rtm", "sp"), cmdline='autorun="%s"' % command,
                    input=["shutdown"], timeout=120, check=pool_back_to_baseline,
                    expect=[r"scfuzz: %d iterations \[F:\d+ S:\d+\]" % ITERATIONS,
                            r"scfuzz: child exited with status 0x00000000",
                            r'autorun: "%s" exited with status 0x00000000' % command,
                            r"servpack: power off"],
                    reject=[r"scfuzz: #\d+ int2e\(.*\) returned"])


TESTS = [fuzz(seed) for seed in SEEDS]
