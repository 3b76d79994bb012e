"""Hive layer in the kernel (kernel/cm/hvktest.c): the SYSTEM and SOFTWARE hives that GRUB passes as
modules load through full validation with pool memory and hold the configuration values; a hive grows
to 300 more keys and a 64 KiB value, shrinks back, and a corrupted copy is refused with its reason; the
pool returns to its starting size. The host-side checks (operations, corruption, fuzzing, hivex,
mkhive) are the unit tests tests/unit/test_hive*.c and test_mkhive.c."""
from harness import QemuTest

TESTS = [
    QemuTest("hive-kernel", cmdline="ktest=hive_boot_modules,hive_grow_and_corrupt",
             expect=[r"ktest hive_boot_modules: PASS", r"ktest hive_grow_and_corrupt: PASS",
                     r"corrupt copy refused: cell at 0x[0-9a-f]+ runs past its bin",
                     r"ktest: 2 passed, 0 failed"]),
]
