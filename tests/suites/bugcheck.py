"""The STOP screen (kernel/ke/bugcheck.c, bugscreen.c) and the crash driver (drivers/crashdrv).

- crash-TYPE: one boot per type of kernel/include/crashtypes.h with autorun="crash TYPE" and onstop=exit:
  user/crash opens \\.\CrashDrv and sends IOCTL_CRASH_TRIGGER, the driver misbehaves in its dispatch
  routine (user mode -> NtDeviceIoControlFile -> IRP -> crashdrv.sys); asserts the exact STOP line (code
  from the table, the parameters that are deterministic), the name line, NtDeviceIoControlFile in the
  symbolized backtrace where the stack still shows it, and the whole NT 4.0 layout of the serial mirror (check_layout).
- stop-screen-bios: onstop=halt; reads the 80x50 VGA text memory through the QEMU monitor and compares
  it cell by cell with the serial mirror (and every attribute is 0x17, grey on blue).
- stop-screen-uefi / stop-screen-fb-*: screenshots of the framebuffer console; every pixel must be the
  blue background or the grey text colour, margins blue, and each cell inked exactly when the serial
  mirror has a character there. The PNGs stay in the test's log folder under build/test-logs/.
- crash-docs: docs/bugcheck.md lists the same crash types and STOP codes as crashtypes.h."""
import os
import re

from harness import QemuTest, ROOT, STOP_RE, read_png

H = "[0-9A-F]{8}"
h = "[0-9a-f]{8}"
COLUMNS, ROWS = 80, 50
END_MARK = "End of backtrace."
BLUE, GREY = (0x00, 0x00, 0xAA), (0xAA, 0xAA, 0xAA)


def crash_types():
    """(name, STOP code, description) for each row of CRASH_TYPE_LIST."""
    text = open(os.path.join(ROOT, "kernel/include/crashtypes.h")).read()
    return [(m.group(1), int(m.group(2), 16), m.group(3)) for m in
            re.finditer(r'X\((\w+),\s*(0x[0-9A-Fa-f]{8}),\s*"([^"]*)"\)', text)]


def bugcode_names():
    text = open(os.path.join(ROOT, "kernel/include/bugcodes.h")).read()
    return {int(c, 16): n for c, n in re.findall(r"X\((0x[0-9A-Fa-f]{8}),\s*(\w+)\)", text)}


# The parameters each type makes deterministic, and the module the Address line must name (None: no
# Address line, the address is not in any module).
PARAMS = {
    "irql": ("0xE1F00000,0x00000002,0x00000000,0x" + H, "crashdrv.sys"),
    "overflow": ("0x00000005,0x" + H + ",0x00000000,0x" + H, None),         # neighbours disagree
    "doublefree": ("0x00000007,0x68737243,0x" + H + ",0x" + H, None),       # 'Crsh', the driver's tag
    "stacktrash": ("0xC0000005,0x41414141,0x00000000,0x41414141", None),
    "stackoverflow": ("0x00000008,0x00000000,0x00000000,0x00000000", "crashdrv.sys"),
    "null": ("0xC0000005,0x" + H + ",0x00000000,0x00000004", "crashdrv.sys"),
    "breakpoint": ("0x80000003,0x" + H + ",0x00000000,0x00000000", "crashdrv.sys"),
    "manual": ("0x00000000,0x00000000,0x00000000,0x00000000", None),
}

# Types whose fault leaves no EBP chain back to the service (trashed frame, overflowed stack).
UNWALKABLE = ("stacktrash", "stackoverflow")

CLOSING = ["Restart and set the recovery options in the system control panel",
           "or the /CRASHDEBUG system start option. If this message reappears,",
           "contact your system administrator or technical support group."]


# ---------------------------------------------------------------------------------------------
# The serial mirror

def stop_block(serial):
    """The lines of the last STOP screen on serial (without the serial-only backtrace), or None."""
    lines = serial.replace("\r", "").split("\n")
    starts = [i for i, l in enumerate(lines) if l.startswith("*** STOP: ")]
    if not starts:
        return None
    block = lines[starts[-1]:]
    if "Stack backtrace (EBP chain):" in block:
        block = block[:block.index("Stack backtrace (EBP chain):")]
    while block and block[-1] == "":
        block.pop()
    return block


def screen_rows(block):
    """The 80x50 screen the console draws for these lines: a line longer than 80 columns wraps (one of
    exactly 80 takes one row: the console wraps only when another character follows). The cursor
    ends on the row after the last line, so that must still be on the screen or it would scroll."""
    rows = []
    for line in block:
        while len(line) > COLUMNS:
            rows.append(line[:COLUMNS])
            line = line[COLUMNS:]
        rows.append(line)
    return (rows + [""] * ROWS)[:ROWS] if len(rows) < ROWS else rows + [""]


def _modules(block):
    """{name: base} from the module list."""
    mods = {}
    for line in block:
        for base, name in re.findall(r"(%s) %s - (\S+)" % (h, h), line):
            mods[name] = int(base, 16)
    return mods


def check_layout(run):
    """The serial mirror has NT 4.0's STOP screen layout, line by line."""
    b = stop_block(run.serial)
    if not b:
        return "no STOP screen on serial"
    rows = screen_rows(b)
    if len(rows) > ROWS:
        return "the STOP screen needs %d rows (and one for the cursor), the screen has %d" % (len(rows) - 1, ROWS)
    stop = re.match(r"\*\*\* STOP: 0x(%s) \(0x(%s),0x(%s),0x(%s),0x(%s)\)$" % (H, H, H, H, H), b[0])
    if not stop:
        return "malformed STOP line %r" % b[0]
    code = int(stop.group(1), 16)
    name = bugcode_names().get(code, "")
    if not b[1].startswith(name) or not name:
        return "line 2 %r does not start with the name %s of 0x%08X" % (b[1], name, code)
    if not re.match(r"CPUID:\S{12} \d+\.\d+\.\d+ irql:1f   SYSVER 0xf0000565$", b[2]):
        return "malformed CPUID line %r" % b[2]
    if b[3] != "" or b[4] != "Dll Base DateStmp - Name" + " " * 15 + "Dll Base DateStmp - Name":
        return "module list header wrong: %r" % b[3:5]
    if not b[5].startswith("80100000 31f8b340 - ntoskrnl.exe"):
        return "first module row %r is not ntoskrnl.exe at 80100000" % b[5]
    i = 5
    while b[i]:
        cells = [b[i][:39].rstrip(), b[i][39:]]
        for cell in cells:
            if cell and not re.match(r"%s %s - \S+$" % (h, h), cell):
                return "malformed module row %r" % b[i]
        i += 1
    mods = _modules(b[5:i])
    if list(mods)[:2] != ["ntoskrnl.exe", "hal.dll"]:
        return "the module list does not start with ntoskrnl.exe, hal.dll: %s" % list(mods)
    i += 1
    if b[i] != "Address  dword dump   Build [1381]" + " " * 29 + "- Name":
        return "stack dump header wrong: %r" % b[i]
    i += 1
    while i < len(b) and b[i]:
        m = re.match(r"(%s) (%s) (%s)( %s){4} - (\S+)$" % (h, h, h, h), b[i])
        if not m or m.group(2) != m.group(3) or m.group(5) not in mods:
            return "malformed stack dump row %r" % b[i]
        i += 1
    if b[i + 1:] != CLOSING:
        return "closing lines wrong: %r" % b[i + 1:]
    addr = re.search(r"\*\*\* Address (%s) has base at (%s) - (\S+)$" % (h, h), b[1])
    if addr and (mods.get(addr.group(3)) != int(addr.group(2), 16) or
                 int(addr.group(1), 16) < int(addr.group(2), 16)):
        return "Address line %r disagrees with the module list %s" % (b[1], mods)
    return check_backtrace(run.serial)


def check_backtrace(serial):
    """Below the screen, on serial: the failing EIP and the EBP chain as function+offset (module).
    A trashed frame (EIP outside every module) ends the chain at once."""
    trace = serial[serial.rfind("Stack backtrace (EBP chain):"):]
    if END_MARK not in trace:
        return "no backtrace after the STOP screen"
    symbol = r"%s \w+\+0x[0-9a-f]+ \((ntoskrnl\.exe|hal\.dll|\w+\.sys)\)\r?\n" % h
    if re.search(r"\n  eip %s \(not in any module\)\r?\n" % h, trace):
        return None
    if not re.search(r"\n  eip " + symbol, trace) or not re.search(r"\n  #0  " + symbol, trace):
        return "the backtrace is not symbolized (eip and #0 as function+offset (module)): %r" % trace[:300]
    return None


def crash_test(name, code, flavours=("sp",)):
    params, module = PARAMS[name]
    names = bugcode_names()
    expect_stop = r"\*\*\* STOP: 0x%08X \(%s\)" % (code, params)
    if module:
        name_line = r"\n%s\*\*\* Address %s has base at %s - %s\r?\n" % (names[code], h, h, re.escape(module))
    else:
        name_line = r"\n%s\r?\n" % names[code]
    expect = [r"crash: asking crashdrv\.sys for '%s'" % name, r"crashdrv: %s: " % name, name_line]
    if name not in UNWALKABLE:
        expect.append(r"\n  #\d+ +[0-9a-f]{8} NtDeviceIoControlFile\+0x[0-9a-f]+ \(ntoskrnl\.exe\)")
    return QemuTest("crash-" + name, flavours=flavours, cmdline='autorun="crash %s"' % name,
                    expect_stop=expect_stop, check=check_layout, expect=expect)


# ---------------------------------------------------------------------------------------------
# The screen itself: the test waits for the STOP screen with onstop=halt, then reads the screen.

class StopScreenTest(QemuTest):
    """Boots with onstop=halt and crash=TYPE; once the serial mirror is complete, reads the screen
    (VGA text memory through the monitor, and a screendump) and hands both to `screen_check`."""

    def __init__(self, name, screen_check, **fields):
        super().__init__(name, check=self._check, screenshot=True, capture_at=END_MARK, **fields)
        self.screen_check = screen_check

    def kernel_cmdline(self):
        return "onstop=halt " + self.cmdline

    def classify_ending(self, run):
        stop = STOP_RE.search(run.serial)
        if run.ended_by != "harness":
            return "the STOP screen did not complete on serial (ended by %s, status %s)" % (run.ended_by, run.status)
        if not stop or not re.search(self.expect_stop, run.serial[stop.start():]):
            return "expected the bugcheck /%s/" % self.expect_stop
        return None

    def _check(self, run):
        return check_layout(run) or self.screen_check(run, screen_rows(stop_block(run.serial)))


def check_vga_text(run, rows):
    """VGA text memory holds the serial mirror, cell for cell, all grey on blue."""
    if not run.vga_text:
        return "could not read VGA text memory through the monitor"
    cells = []
    for line in run.vga_text.splitlines():                  # "00000000000b8000: 0x1720 0x1720 ..."
        if ":" in line:
            cells += [int(v, 16) for v in line.split(":", 1)[1].split()]
    if len(cells) != COLUMNS * ROWS:
        return "read %d cells of VGA text memory, expected %d" % (len(cells), COLUMNS * ROWS)
    bad = [i for i, c in enumerate(cells) if c >> 8 != 0x17]
    if bad:
        return "cell (%d,%d) has attribute 0x%02X, not 0x17" % (bad[0] // COLUMNS, bad[0] % COLUMNS, cells[bad[0]] >> 8)
    for r in range(ROWS):
        screen = "".join(chr(c & 0xFF) for c in cells[r * COLUMNS:(r + 1) * COLUMNS]).rstrip()
        if screen != rows[r].rstrip():
            return "screen row %d is %r, serial says %r" % (r, screen, rows[r])
    return None


def check_framebuffer(width, height):
    """The screenshot is width x height, blue everywhere except the text, and each of the 80x50 cells
    has grey pixels exactly when the serial mirror has a visible character there."""
    def check(run, rows):
        if not run.screenshot_path:
            return "no screenshot"
        w, ht, px = read_png(run.screenshot_path)
        if (w, ht) != (width, height):
            return "screenshot is %dx%d, expected %dx%d" % (w, ht, width, height)
        cw, ch = min(w // COLUMNS, 32), min(ht // ROWS, 32)
        ox, oy = (w - cw * COLUMNS) // 2, (ht - ch * ROWS) // 2
        ink = [[False] * COLUMNS for _ in range(ROWS)]
        for y in range(ht):
            line = px[y]
            for x in range(w):
                rgb = tuple(line[3 * x:3 * x + 3])
                if rgb == BLUE:
                    continue
                if rgb != GREY:
                    return "pixel (%d,%d) is %s, neither the blue background nor grey text" % (x, y, rgb)
                col, row = (x - ox) // cw, (y - oy) // ch
                if x < ox or y < oy or col >= COLUMNS or row >= ROWS:
                    return "grey pixel (%d,%d) outside the 80x50 grid" % (x, y)
                ink[row][col] = True
        for r in range(ROWS):
            for c in range(COLUMNS):
                want = c < len(rows[r]) and rows[r][c] != " "
                if ink[r][c] != want:
                    return "cell (%d,%d) is %s on screen, serial has %r there" % (
                        r, c, "inked" if ink[r][c] else "blank", rows[r][c:c + 1] or " ")
        return None
    return check


def check_docs(run):
    """docs/bugcheck.md's crash table matches crashtypes.h (the one table)."""
    doc = open(os.path.join(ROOT, "docs/bugcheck.md")).read()
    for name, code, what in crash_types():
        if not re.search(r"^\| `%s` \| 0x%08X \| [^|]*%s" % (name, code, re.escape(what)), doc, re.M):
            return "docs/bugcheck.md has no row | `%s` | 0x%08X | ... %s" % (name, code, what)
    return None


TESTS = [crash_test(name, code, ("rtm", "sp") if name == "manual" else ("sp",))
         for name, code, _ in crash_types()]
TESTS += [
    QemuTest("crash-help", input=["crash"], expect=[r"usage: crash TYPE"] +
             [r"\n  %-14s STOP 0x%08X  %s" % (n, c, re.escape(w)) for n, c, w in crash_types()],
             check=check_docs),
    StopScreenTest("stop-screen-bios", check_vga_text, cmdline="crash=irql", expect_stop=r"STOP: 0x0000000A",
                   timeout=40),
    StopScreenTest("stop-screen-uefi", check_framebuffer(1024, 768), firmware="uefi", cmdline="crash=irql",
                   expect_stop=r"STOP: 0x0000000A", timeout=60),
    StopScreenTest("stop-screen-fb-800x600-uefi", check_framebuffer(800, 600), firmware="uefi",
                   gfxpayload="800x600x32", cmdline="crash=manual", expect_stop=r"STOP: 0x000000E2", timeout=60),
    StopScreenTest("stop-screen-fb-1280x1024-uefi", check_framebuffer(1280, 1024), firmware="uefi",
                   gfxpayload="1280x1024x32", cmdline="crash=manual", expect_stop=r"STOP: 0x000000E2", timeout=60),
    StopScreenTest("stop-screen-fb-1024x768x24-bios", check_framebuffer(1024, 768), gfxpayload="1024x768x24",
                   cmdline="crash=manual", expect_stop=r"STOP: 0x000000E2", timeout=60),
]
