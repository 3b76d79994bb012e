"""scfuzz, the system-call fuzzer (user/scfuzz), in both flavours with fixed seeds: no user-mode input
may stop the kernel. A run passes when the fuzzer prints its final line and exits 0, nothing
bugchecks, the system then powers off cleanly, and the kernel pool outside the registry is back
where it was once the fuzzing child has exited (unless the child left threads or handles behind in
other processes, which keep what they hold).
Each seed runs single-threaded, the first also with 4 threads. A longer campaign: SCFUZZ_SEEDS=100-131 SCFUZZ_ITERATIONS=400000 make test T=scfuzz"""
import os
import re

from harness import QemuTest


def seeds(text):
    """ "1,2,3" or "100-131" """
    out = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        out += range(int(first), int(last or first) + 1)
    return out


SEEDS = seeds(os.environ.get("SCFUZZ_SEEDS", "1-3"))
ITERATIONS = int(os.environ.get("SCFUZZ_ITERATIONS", "80000"))     # 80000: about 10 s under TCG


def pool_back_to_baseline(run):
    left = re.search(r"scfuzz: the child left (\d+) handles in other processes, (\d+) threads in this one",
                     run.serial)
    growth = re.search(r"scfuzz: pool growth (-?\d+) bytes, (-?\d+) outside the registry", run.serial)
    if not left or not growth:
        return "scfuzz printed no pool report"
    if left.group(1) == "0" and left.group(2) == "0" and int(growth.group(2)) > 0:
        return "pool grew by %s bytes outside the registry and nothing holds them" % growth.group(2)
    return None


def fuzz(seed, threads=1):
    command = "scfuzz -s %d -n %d" % (seed, ITERATIONS) + (" -t %d" % threads if threads > 1 else "")
    return QemuTest("scfuzz-seed%d" % seed + ("-threads%d" % threads if threads > 1 else ""), flavours=("rtm", "sp"), cmdline='autorun="%s"' % command,
                    input=["shutdown"], timeout=60 + ITERATIONS // 4000, check=pool_back_to_baseline,
                    expect=[r"scfuzz: %d iterations \[F:\d+ S:\d+\]" % ITERATIONS,
                            r"scfuzz: child exited with status 0x00000000",
                            r'autorun: "%s" exited with status 0x00000000' % command,
                            r"servpack: power off"],
                    reject=[r"scfuzz: #\d+ int2e\(.*\) returned"])


# Single-threaded runs repeat exactly from their seed; the threaded ones race calls against each other.
TESTS = [fuzz(seed) for seed in SEEDS] + [fuzz(seed, threads=4) for seed in SEEDS[:1]]
