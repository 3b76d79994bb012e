"""Hive layer in the kernel (kernel/cm/hvktest.c): the SYSTEM and SOFTWARE hives that GRUB passes as
modules load through full validation with pool memory and hold the configuration values; a hive grows
to 300 more keys and a 64 KiB value, shrinks back, and a corrupted copy is refused with its reason; the
pool returns to its starting size. hive-export: the kernel changes the SYSTEM hive and prints the image;
it is rebuilt from serial and read with hivex. The host-side checks (operations, corruption, fuzzing,
hivex, mkhive) are the unit tests tests/unit/test_hive*.c and test_mkhive.c."""
import os
import re
import subprocess

from harness import QemuTest

SERVICE = "\\CurrentControlSet\\Services\\ktest"
EXPECTED_VALUES = (
    '"Start"=dword:00000004\n'
    '"DisplayName"="Written by the kernel"\n'
    '"Path"=str(2):"%SystemRoot%\\\\ktest"\n'
    '"List"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00\n'
    '"Blob"=hex(3):' + ",".join("%02x" % (i * 7 % 256) for i in range(100)) + "\n")


def hivex_reads_kernel_image(run):
    m = re.search(r"hive-image-begin (\d+)\r?\n(.*?)hive-image-end", run.serial, re.S)
    if not m:
        return "no hive image on serial"
    image = bytes.fromhex("".join(m.group(2).split()))
    if len(image) != int(m.group(1)):
        return "image is %d bytes, the kernel said %s" % (len(image), m.group(1))
    path = os.path.join(run.log_dir, "SYSTEM-from-kernel")
    with open(path, "wb") as f:
        f.write(image)
    values = subprocess.run(["hivexget", path, SERVICE], capture_output=True, text=True)
    if values.returncode or values.stdout != EXPECTED_VALUES:
        return "hivexget %s '%s' printed %r%s" % (path, SERVICE, values.stdout, values.stderr)
    auto = subprocess.run(["hivexget", path, "\\CurrentControlSet\\Control\\CrashControl", "AutoReboot"],
                          capture_output=True, text=True)
    if auto.stdout != "0\n":
        return "AutoReboot reads %r after the kernel's changes" % auto.stdout
    keys = subprocess.run(["hivexsh", path], input="cd \\CurrentControlSet\\Services\nls\n",
                          capture_output=True, text=True)
    if keys.stdout.split() != ["crashdrv", "evtlog", "ktest", "null"]:
        return "hivexsh lists Services subkeys %r" % keys.stdout
    return None


TESTS = [
    QemuTest("hive-kernel", cmdline="ktest=hive_boot_modules,hive_grow_and_corrupt",
             expect=[r"ktest hive_boot_modules: PASS", r"ktest hive_grow_and_corrupt: PASS",
                     r"corrupt copy refused: cell at 0x[0-9a-f]+ runs past its bin",
                     r"ktest: 2 passed, 0 failed"]),
    QemuTest("hive-export", cmdline="ktest=hive_export",
             expect=[r"ktest hive_export: PASS"], check=hivex_reads_kernel_image),
]
