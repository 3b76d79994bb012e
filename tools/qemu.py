#!/usr/bin/env python3
"""Starts servpack in QEMU. One place builds every QEMU command line: `make run`, `make run-serial`,
`make debug` and the test harness (tests/harness.py imports command() and make_disk())."""
import argparse
import os
import shutil
import subprocess
import sys

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
DISK_MIB = 64


def make_disk(path):
    """A 64 MiB raw disk: an MBR with one FAT32 (LBA) partition from 1 MiB to the end, formatted by
    mformat (platform-facts.md). The MBR is written here, so sfdisk is not needed."""
    start, sectors = 2048, (DISK_MIB << 20) // 512 - 2048
    entry = bytes([0, 0xFE, 0xFF, 0xFF, 0x0C, 0xFE, 0xFF, 0xFF]) + start.to_bytes(4, "little") + \
        sectors.to_bytes(4, "little")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(DISK_MIB << 20)
        f.seek(0x1BE)
        f.write(entry)
        f.seek(0x1FE)
        f.write(b"\x55\xAA")
    subprocess.run(["mformat", "-i", tmp + "@@1M", "-T", str(sectors), "-H", str(start), "-F", "-v", "SERVPACK", "::"],
                   check=True)
    os.replace(tmp, path)


def firmware_args(firmware, vars_path):
    if firmware == "bios":
        return []
    if firmware != "uefi":
        raise ValueError("firmware must be bios or uefi, not %r" % firmware)
    if not os.path.exists(vars_path):
        shutil.copyfile(OVMF_VARS, vars_path)     # OVMF writes its variables: each user gets a copy
    return ["-drive", "if=pflash,format=raw,readonly=on,file=" + OVMF_CODE,
            "-drive", "if=pflash,format=raw,file=" + vars_path]


def boot_args(image, boot):
    # bootindex keeps firmware from trying the data disk (an MBR without boot code) first.
    if boot == "cdrom":
        return ["-drive", "if=none,id=bootcd,media=cdrom,readonly=on,format=raw,file=" + image,
                "-device", "ide-cd,drive=bootcd,bootindex=0"]
    if boot == "usb":
        return ["-device", "qemu-xhci,id=xhci",
                "-drive", "if=none,id=stick,format=raw,snapshot=on,file=" + image,
                "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0"]
    raise ValueError("boot must be cdrom or usb, not %r" % boot)


def disk_args(disk, disk_image):
    if not disk:
        return []
    if disk == "ata":
        return ["-drive", "if=none,id=data,format=raw,file=" + disk_image,
                "-device", "ide-hd,drive=data,bootindex=9"]
    if disk == "virtio":
        return ["-drive", "if=none,id=data,format=raw,file=" + disk_image,
                "-device", "virtio-blk-pci,drive=data,bootindex=9"]
    raise ValueError("disk must be ata or virtio, not %r" % disk)


def display_args(display):
    """window: a QEMU window plus serial on the terminal; terminal/serial: no window, serial on stdio
    (Ctrl-a x quits); test: nothing on the terminal, the caller reads serial from a pipe."""
    if display == "window":
        return ["-serial", "mon:stdio"]
    if display in ("terminal", "serial"):
        return ["-display", "none", "-serial", "mon:stdio"]
    if display == "test":
        return ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    raise ValueError("display must be window, terminal, serial or test")


def qemu_binary(firmware):
    """OVMF is x86_64 firmware that qemu-system-i386 cannot start; under BIOS the i386 target is kept
    because its GDB stub speaks 32-bit registers (the x86_64 one confuses GDB about a 32-bit kernel)."""
    return "qemu-system-x86_64" if firmware == "uefi" else "qemu-system-i386"


def command(image, firmware="bios", boot="cdrom", machine="pc", memory=128, vars_path=None,
            disk=None, disk_image=None, display="test", gdb_port=None, qmp_path=None,
            no_reboot=False, extra=()):
    args = [qemu_binary(firmware), "-accel", "tcg", "-machine", machine, "-m", str(memory),
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    args += firmware_args(firmware, vars_path or os.path.splitext(image)[0] + ".vars.fd")
    args += boot_args(image, boot) + disk_args(disk, disk_image) + display_args(display)
    if no_reboot:
        args.append("-no-reboot")
    if qmp_path:
        args += ["-qmp", "unix:%s,server=on,wait=off" % qmp_path]
    if gdb_port:
        args += ["-S", "-gdb", "tcp:127.0.0.1:%d" % gdb_port]
    return args + list(extra)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("image")
    p.add_argument("--firmware", default="bios", choices=("bios", "uefi"))
    p.add_argument("--boot", default="cdrom", choices=("cdrom", "usb"))
    p.add_argument("--machine", default="pc")
    p.add_argument("--memory", type=int, default=128)
    p.add_argument("--vars", help="writable copy of the OVMF variable store (created if missing)")
    p.add_argument("--disk", choices=("ata", "virtio"))
    p.add_argument("--disk-image", help="data disk image (created, 64 MiB FAT32, if missing)")
    p.add_argument("--display", default="auto", choices=("auto", "window", "terminal", "serial"))
    p.add_argument("--gdb", type=int, metavar="PORT", help="wait for GDB on this port (-S -gdb)")
    a = p.parse_args()
    display = a.display
    if display == "auto":
        display = "window" if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") else "terminal"
    if a.disk and not os.path.exists(a.disk_image):
        make_disk(a.disk_image)
        print("qemu.py: created %s (%d MiB, FAT32 partition at 1 MiB)" % (a.disk_image, DISK_MIB))
    args = command(a.image, a.firmware, a.boot, a.machine, a.memory, a.vars, a.disk, a.disk_image,
                   display, a.gdb)
    if display != "window":
        print("qemu.py: serial console on this terminal; leave QEMU with Ctrl-a x", flush=True)
    print(" ".join(args), flush=True)
    os.execvp(args[0], args)


if __name__ == "__main__":
    sys.exit(main())
