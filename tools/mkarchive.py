#!/usr/bin/env python3
"""Packs user programs into the PROGRAMS boot-module archive (format: kernel/include/psimage.h).
Usage: mkarchive.py OUT FILE...   (each member is named after its file's base name)"""
import os
import struct
import sys

MAGIC, VERSION, NAME_SIZE, MAX_MEMBERS, ALIGN = b"SPAR", 1, 32, 256, 16


def pack(paths):
    if len(paths) > MAX_MEMBERS:
        sys.exit(f"mkarchive: {len(paths)} members, at most {MAX_MEMBERS}")
    names = [os.path.basename(p) for p in paths]
    for n in names:
        if not n or len(n.encode()) >= NAME_SIZE:
            sys.exit(f"mkarchive: bad member name {n!r} (1..{NAME_SIZE - 1} bytes)")
    if len({n.lower() for n in names}) != len(names):
        sys.exit("mkarchive: duplicate member names")
    datas = [open(p, "rb").read() for p in paths]
    offset = 12 + len(paths) * (NAME_SIZE + 8)
    table, body = b"", b""
    for name, data in zip(names, datas):
        pad = -(offset + len(body)) % ALIGN
        body += b"\0" * pad
        table += struct.pack(f"<{NAME_SIZE}sII", name.encode(), offset + len(body), len(data))
        body += data
    return MAGIC + struct.pack("<II", VERSION, len(paths)) + table + body


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = pack(sys.argv[2:])
    with open(sys.argv[1] + ".tmp", "wb") as f:
        f.write(out)
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])


if __name__ == "__main__":
    main()
