"""Boot tests: every firmware and boot medium reaches 'system is up' in both flavours; the menu image
boots its default entry (SP); the screen console really shows text (QMP screenshot); a line typed on
COM1 reaches the kernel; a quoted autorun= survives GRUB; `shutdown` powers off through ACPI."""
from harness import QemuTest, read_png

UP = r"servpack: system is up"


def looks_like_boot_screen(run):
    """Mostly the blue boot background, with bands of white text pixels where the banner is."""
    if not run.screenshot_path:
        return "no screenshot was taken"
    width, height, rows = read_png(run.screenshot_path)
    blue = 0
    text_rows = []
    for y, row in enumerate(rows):
        row_white = 0
        for x in range(0, width * 3, 3):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if b > 120 and r < 60 and g < 60:
                blue += 1
            elif r > 180 and g > 180 and b > 180:
                row_white += 1
        if row_white:
            text_rows.append((y, row_white))
    if blue < 0.8 * width * height:
        return "only %d%% of the %dx%d screen is the blue background" % (100 * blue // (width * height),
                                                                         width, height)
    if len(text_rows) < height // 15 or text_rows[0][0] > height // 5:
        return "expected several lines of white text from the top, found %d text pixel rows from y=%s" % (
            len(text_rows), text_rows[0][0] if text_rows else None)
    top = text_rows[0][0]
    banner_pixels = [x for y, row in enumerate(rows[top:top + 8])
                     for x in range(width) if row[3 * x] > 180 and row[3 * x + 2] > 180]
    if max(banner_pixels) - min(banner_pixels) < width // 2:
        return "the banner line spans only %d of %d pixels" % (max(banner_pixels) - min(banner_pixels),
                                                               width)
    return None


def banner_names_variant(run):
    if "(Build 1381: %s)" % run.variant not in run.serial:
        return "the banner does not name the %s flavour" % run.variant
    return None


def powered_off_by_acpi(run):
    if run.status != 0 or run.shutdown_reason != "guest-shutdown":
        return "QEMU status %s, QMP shutdown reason %s: the ACPI S5 power-off did not happen" % (
            run.status, run.shutdown_reason)
    return None


TESTS = [
    # The images `make iso` ships: build/servpack-rtm.iso and build/servpack-sp.iso.
    QemuTest("boot-%s-%s" % (fw, medium), flavours=("rtm", "sp"), firmware=fw, boot=medium,
             image="servpack-{variant}.iso", expect=[UP, r"Firmware: %s" % fw.upper()],
             check=banner_names_variant)
    for fw in ("bios", "uefi") for medium in ("cdrom", "usb")
] + [
    QemuTest("boot-menu-%s" % fw, firmware=fw, boot="usb", image="servpack.iso",
             expect=[r"servpack SP \(Service Pack", r"servpack RTM", r"\(Build 1381: sp\)", UP]) for fw in ("bios", "uefi")
] + [
    QemuTest("screen-uefi", firmware="uefi", expect=[r"display: framebuffer", UP], screenshot=True,
             check=looks_like_boot_screen),
    QemuTest("screen-bios", firmware="bios", expect=[r"display: VGA text", UP], screenshot=True,
             check=looks_like_boot_screen),
    QemuTest("screen-bios-framebuffer", firmware="bios", gfxpayload="800x600x32",
             expect=[r"display: framebuffer", UP], screenshot=True, check=looks_like_boot_screen),
    # A data disk (make run DISK=...) must not take the boot away from the image.
    QemuTest("boot-disk-ata", disk="ata", expect=[UP]),
    QemuTest("boot-disk-virtio", firmware="uefi", disk="virtio", expect=[UP]),
    QemuTest("boot-custom-fixes", fixes=("Q160650",), expect=[r"\(Build 1381: custom-Q160650\)", UP]),
    # The shell's `echo` (or, without the PROGRAMS module, the kernel console's `echo: ...`).
    QemuTest("serial-echo", input=["echo hello from COM1"],
             expect=[r"(?m)^(echo: echo )?hello from COM1\r?$"]),
    # GRUB hands `autorun="crash -A"` over as `"autorun=crash -A"`: the option must survive that.
    QemuTest("cmdline-autorun", cmdline='autorun="crash -A"', expect=[r'autorun: "crash -A"']),
] + [
    QemuTest("poweroff-%s-%s" % (fw, machine), firmware=fw, machine=machine, input=["shutdown"],
             wait_exit=True, expect=[r"servpack: power off"], check=powered_off_by_acpi)
    for fw, machine in (("bios", "pc"), ("bios", "q35"), ("uefi", "q35"))
]
