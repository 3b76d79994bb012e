"""Configuration manager (kernel/cm/cm*.c, docs/registry.md, docs/kb/Q179827.md): `reg` round trips of
every value type through the Nt*Key services, the image the kernel holds after those changes read by
hivex (volatile keys absent from it), access enforced through the handle's granted access and
volatile-key rules (user/regtest), the SYSTEM configuration the kernel reads (AutoReboot, driver
Start), corrupt and missing hives at boot (images from mk/cm.mk), KCB sharing, and KB Q179827 with
user/kb179827 in RTM (STOP 0x19 from the pool's free-list check), SP, a Q179827-only build, and a build
with every fix but Q179827 (still STOP 0x19)."""
import os
import re
import subprocess

from harness import QemuTest, build_root, kb_ids

KEY = r"HKLM\SOFTWARE\servpack\RoundTrip"
HIVE_KEY = "\\servpack\\RoundTrip"
OK = r"The operation completed successfully\."
NOT_FOUND = r"ERROR: The system was unable to find the specified registry key or value\."

# (value name, reg type, /d text, how reg query prints it, what hivexget prints for it)
VALUES = [
    ("Sz", "REG_SZ", "hello world", "hello world", '"Sz"="hello world"'),
    ("Expand", "REG_EXPAND_SZ", r"%SystemRoot%\x", r"%SystemRoot%\x", r'"Expand"=str(2):"%SystemRoot%\\x"'),
    ("Multi", "REG_MULTI_SZ", r"a\0bc", r"a\0bc", '"Multi"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00'),
    ("Dword", "REG_DWORD", "42", "0x2a", '"Dword"=dword:0000002a'),
    ("Binary", "REG_BINARY", "00FF10AB7E", "00FF10AB7E", '"Binary"=hex(3):00,ff,10,ab,7e'),
    ("None", "REG_NONE", "C0DE", "C0DE", '"None"=hex(0):c0,de'),
]


def round_trip_input():
    lines = ["regtest"]
    for name, typ, data, _, _ in VALUES:
        lines.append('reg add %s /v %s /t %s /d "%s" /f' % (KEY, name, typ, data))
    lines.append("reg add %s /ve /d default-value /f" % KEY)
    lines.append("reg add %s /v Gone /t REG_DWORD /d 7 /f" % KEY)
    lines.append("reg delete %s /v Gone /f" % KEY)
    lines.append("reg query %s /v Gone" % KEY)
    lines.append("reg query %s" % KEY)
    lines.append("reg export %s" % KEY)
    lines.append(r"reg query HKLM\SOFTWARE\servpack /s")
    lines.append(r"reg save HKLM\SOFTWARE")
    lines.append(r"reg flush HKLM\SOFTWARE")
    lines.append(r"reg flush HKLM\SOFTWARE\servpack")
    lines.append(r"reg delete HKLM\SOFTWARE\servpack\Test2 /f")
    lines.append(r"reg add HKLM\SOFTWARE\servpack\Test2\Deep /v X /d y /f")
    lines.append(r"reg delete HKLM\SOFTWARE\servpack\Test2 /f")
    lines.append(r"reg query HKLM\SOFTWARE\servpack\Test2")
    lines.append("shutdown")
    return lines


def round_trip_expect():
    out = [r"regtest: 0 failed"]
    for name, typ, _, shown, _ in VALUES:
        out.append(r"\n    %s    %s    %s\r?\n" % (name, typ, re.escape(shown)))
    out += [r"\(Default\)    REG_SZ    default-value", NOT_FOUND, r"REGEDIT4", r'"Dword"=dword:0000002a',
            r'"Expand"=hex\(2\):25,00,53,00', r"HKEY_LOCAL_MACHINE\\SOFTWARE\\servpack\\Volatile\r?\n    InMemory    REG_DWORD    0x1234",
            r"HKEY_LOCAL_MACHINE\\SOFTWARE\\servpack\\Volatile\\Child", r"hive-image-end",
            r"cm: flush: [1-9]\d* dirty sectors of 512 bytes \(no disk: nothing written\)",
            r"cm: flush: 0 dirty sectors of 512 bytes"]
    return out


def hivexget_values(path):
    got = subprocess.run(["hivexget", path, HIVE_KEY], capture_output=True, text=True)
    return got.returncode, set(got.stdout.splitlines()), got.stderr


def export_builds_again(run, want):
    """`reg export`'s REGEDIT4 text, built into a hive by mkhive on the host, holds the same values."""
    m = re.search(r"(REGEDIT4\r?\n.*?)servpack> ", run.serial, re.S)
    if not m:
        return "no reg export output on serial"
    text = os.path.join(run.log_dir, "export.reg")
    with open(text, "w") as f:
        f.write(m.group(1).replace("\r", ""))
    hive = os.path.join(run.log_dir, "export.hive")
    made = subprocess.run([os.path.join(build_root(), "host", "mkhive"), hive, text], capture_output=True, text=True)
    if made.returncode:
        return "mkhive refused reg export's text: %s" % made.stderr.strip()
    code, lines, err = hivexget_values(hive)
    if code or lines != want:
        return "the hive built from reg export holds %r (expected %r)%s" % (sorted(lines), sorted(want), err)
    return None


def hivex_reads_software(run):
    """The SOFTWARE image `reg save` printed holds the values reg added, and no volatile key; reg
    export's text builds a hive with the same values."""
    m = re.search(r"hive-image-begin (\d+)\r?\n(.*?)hive-image-end", run.serial, re.S)
    if not m:
        return "no hive image on serial"
    image = bytes.fromhex("".join(m.group(2).split()))
    if len(image) != int(m.group(1)):
        return "image is %d bytes, the kernel said %s" % (len(image), m.group(1))
    path = os.path.join(run.log_dir, "SOFTWARE-from-kernel")
    with open(path, "wb") as f:
        f.write(image)
    code, lines, err = hivexget_values(path)
    want = {v[4] for v in VALUES} | {'"@"="default-value"'}
    if code or lines != want:
        return "hivexget %s '%s' printed %r (expected %r)%s" % (path, HIVE_KEY, sorted(lines), sorted(want), err)
    keys = subprocess.run(["hivexsh", path], input="cd \\servpack\nls\n", capture_output=True, text=True)
    if keys.stdout.split() != ["RoundTrip", "Test"]:
        return "hivexsh lists servpack's subkeys %r (the volatile key must not be in the image)" % keys.stdout
    xml = subprocess.run(["hivexml", path], capture_output=True, text=True)
    if xml.returncode or "Attachmate" not in xml.stdout:
        return "hivexml failed on the kernel's image: %s" % xml.stderr
    return export_builds_again(run, want)


def pool_stop_parameters(run):
    """STOP 0x19 (3, entry, entry->Flink->Blink, entry->Blink->Flink): a free list whose links disagree."""
    m = re.search(r"STOP: 0x00000019 \(0x00000003,0x([0-9A-F]{8}),0x([0-9A-F]{8}),0x([0-9A-F]{8})\)", run.serial)
    if not m:
        return "no STOP 0x19 with first parameter 3"
    entry, back, forward = (int(x, 16) for x in m.groups())
    if back == entry and forward == entry:
        return "the STOP's links agree (%08X): not a corrupted free list" % entry
    if not all(0x80000000 <= v < 0xA0000000 for v in (entry, back, forward)):
        return "STOP parameters outside the kernel's direct map: %08X %08X %08X" % (entry, back, forward)
    return None


KB_OPENS = r"kb179827: 65536 opens \(where a 16-bit count wraps\) took \d+ ms"
KB_FIXED = [r"kb179827: open 65536 failed: error 1450", KB_OPENS,
            r"kb179827: 65535 handles held, 4465 opens failed",
            r'opened and closed the key again: error 0, Version "6.3"',
            r"kb179827: registry pool (\d+) bytes before, \1 after",
            r"kb179827: result: the system survived"]

TESTS = [
    QemuTest("cm-reg-roundtrip", input=round_trip_input(), expect=round_trip_expect() + [r"servpack: power off"],
             reject=[r"regtest \S+: FAIL", r"HKEY_LOCAL_MACHINE\\SOFTWARE\\servpack\\Test2"], check=hivex_reads_software, timeout=120),
    QemuTest("cm-system-config", input=["reg query HKLM", r"reg query HKLM\SYSTEM /s", r'reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"', "shutdown"],
             expect=[r"\nHKEY_LOCAL_MACHINE\\SOFTWARE\r?\n", r"\nHKEY_LOCAL_MACHINE\\SYSTEM\r?\n",
                     r"cm: SYSTEM hive loaded \(\d+ bytes\) as \\Registry\\Machine\\SYSTEM",
                     r"cm: CrashControl\\AutoReboot = 0, overridden by onstop=exit",
                     r"cm: Services\\crashdrv\\Start = 1",
                     r"CrashControl\r?\n    AutoReboot    REG_DWORD    0x0",
                     r"crashdrv\r?\n    Start    REG_DWORD    0x1",
                     r"CurrentBuildNumber    REG_SZ    1381", r"CurrentVersion    REG_SZ    4\.0"]),
    QemuTest("cm-ktests", flavours=("rtm", "sp"), cmdline="ktest=cm_kcb_shared,cm_autoreboot",
             expect=[r"ktest cm_kcb_shared: PASS", r"ktest cm_autoreboot: PASS", r"ktest: 2 passed, 0 failed"]),
    QemuTest("cm-autoreboot-from-hive", image="cm-autoreboot.iso",
             expect=[r"cm: CrashControl\\AutoReboot = 1: after a STOP the system restarts",
                     r"cm_autoreboot: AutoReboot = 1, onstop= absent, KeOnStop = 2",
                     r"ktest cm_autoreboot: PASS"], cmdline="ktest=cm_autoreboot"),
    QemuTest("cm-corrupt-system-hive", image="cm-corrupt-system.iso",
             expect=[r"cm: the SYSTEM hive is corrupt: bad base block checksum"],
             expect_stop=r"\*\*\* STOP: 0x00000067 \(0x00000001,0xC000014C,0x[0-9A-F]{8},0x00000000\)"),
    QemuTest("cm-missing-system-hive", image="cm-missing-system.iso",
             expect=[r"cm: no SYSTEM hive among the boot modules"],
             expect_stop=r"\*\*\* STOP: 0x00000067 \(0x00000001,0xC0000034,0x00000000,0x00000000\)"),
    QemuTest("cm-corrupt-software-hive", image="cm-corrupt-software.iso",
             input=[r"reg query HKLM\SOFTWARE\Microsoft", r"reg query HKLM\SYSTEM\CurrentControlSet\Control\CrashControl",
                    "shutdown"],
             expect=[r"cm: the SOFTWARE hive is corrupt: cell at 0x20 runs past its bin",
                     r"cm: continuing without \\Registry\\Machine\\SOFTWARE", NOT_FOUND,
                     r"AutoReboot    REG_DWORD    0x0", r"servpack: power off"]),
    QemuTest("kb179827", flavours=("rtm",), input=["kb179827"], timeout=300,
             expect=[KB_OPENS, r"kb179827: 70000 handles held, 0 opens failed; closing them"],
             expect_stop=r"\*\*\* STOP: 0x00000019 \(0x00000003,", check=pool_stop_parameters),
    QemuTest("kb179827", flavours=("sp",), input=["kb179827", "shutdown"], timeout=300, expect=KB_FIXED),
    QemuTest("kb179827-one-fix", fixes=("Q179827",), input=["kb179827", "shutdown"], timeout=300, expect=KB_FIXED),
    QemuTest("kb179827-other-fixes", fixes=tuple(k for k in kb_ids() if k != "Q179827"), input=["kb179827"],
             timeout=300, expect=[r"kb179827: 70000 handles held, 0 opens failed; closing them"],
             expect_stop=r"\*\*\* STOP: 0x00000019 \(0x00000003,", check=pool_stop_parameters),
]
