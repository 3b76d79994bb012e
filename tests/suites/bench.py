"""The benchmarks that `make bench` runs must keep working (their figures are not checked -- they depend on
the host): bench_dpc's DPC runs before KeInsertQueueDpc returns at PASSIVE_LEVEL, the CMOS clock's ISR
delivers all its samples, and it reports the TSC frequency; the user-mode `bench` program measures every operation and exits 0."""
from harness import QemuTest

TESTS = [
    QemuTest("bench-dpc", cmdline="ktest=bench_dpc",
             expect=[r"bench tsc: [1-9]\d* kHz", r"bench dpc_latency: \d+ cycles \(\d+ ns\)", r"bench dpc_latency_isr: \d+ cycles \(\d+ ns\)",
                     r"ktest bench_dpc: PASS"]),
    QemuTest("bench-user", cmdline='autorun="bench"', input=["shutdown"], timeout=120,
             expect=[r"bench null_syscall: \d+ cycles", r"bench event_create_close: \d+ cycles",
                     r"bench process_create_exit: \d+ cycles", r'autorun: "bench" exited with status 0x00000000'],
             reject=[r"bench \w+: failed"]),
]
