"""The user-mode shell (user/cmd) and the inspection tools (tlist, handle, obdir, poolmon), driven over
COM1 the way a person types at `make run-serial`: each input line is sent after the `servpack> ` prompt.
The `ver` expectations come from kernel/include/kbfixes.h; the tool checks parse the tables the tools
print and compare them with each other (handle vs tlist, poolmon's columns and totals)."""
import re

from harness import QemuTest, kb_table, read_png, variant_fixes, variant_name

BOTH = ("rtm", "sp")
PROMPT = r"servpack> "
CRASH_MODES = [("null", 0xC0000005), ("kernel", 0xC0000005), ("write-code", 0xC0000005),
               ("illegal", 0xC000001D), ("divide", 0xC0000094), ("int3", 0x80000003),
               ("privileged", 0xC0000096)]


def shell(name, commands, expect=(), flavours=BOTH, **kw):
    """Types `commands`, then `shutdown`: the run must end in a clean power-off."""
    return QemuTest(name, flavours=flavours, input=list(commands) + ["shutdown"],
                    expect=list(expect) + [r"servpack: power off"], timeout=kw.pop("timeout", 60), **kw)


def output_of(serial, command):
    """What the shell printed for `command` (between its prompt line and the next prompt)."""
    text = serial.replace("\r", "")
    start = text.find(PROMPT + command + "\n")
    if start < 0:
        return None
    start += len(PROMPT + command + "\n")
    end = text.find(PROMPT, start)
    return text[start:end if end >= 0 else len(text)]


def tlist_rows(text):
    """{image: (pid, ppid, threads, handles, kb)} from tlist's table."""
    rows = {}
    for m in re.finditer(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)$", text, re.M):
        rows[m.group(3)] = tuple(int(m.group(i)) for i in (1, 2, 4, 5, 6))
    return rows


# -- ver ---------------------------------------------------------------------------------------

def ver_test(variant):
    """`ver` in a flavour ("rtm", "sp") or a custom build (a tuple of KB ids)."""
    custom = not isinstance(variant, str)
    name = variant_name(fixes=variant) if custom else variant_name(variant)
    fixes = variant_fixes(name)
    flavour = {"rtm": "RTM-buggy", "sp": "SP-fixed"}.get(name, "custom: selected fixes")
    expect = [r"servpack \[Version 4\.0\.\d+\], variant %s \(%s\)" % (re.escape(name), re.escape(flavour)),
              r"KB fixes: %d" % len(kb_table()), r"Id\s+Applied\s+Component\s+Introduced\s+Fixed in"]
    for row in kb_table():
        expect.append(r"\n  %s\s+%s\s+%s\s+%s\s+%s\r?\n" % (
            row["id"], "yes" if row["id"] in fixes else "no", re.escape(row["component"]),
            re.escape(row["introduced"]), re.escape(row["fixed_in"])))
        expect.append(r"\n\s+%s\r?\n" % re.escape(row["title"]))
    if custom:
        return QemuTest("shell-ver", fixes=variant, input=["ver", "shutdown"],
                        expect=expect + [r"servpack: power off"], timeout=60)
    return shell("shell-ver", ["ver"], expect, flavours=(variant,))


# -- tlist and handle ----------------------------------------------------------------------------

def check_tlist_and_handle(run):
    tlist = output_of(run.serial, "tlist")
    handle = output_of(run.serial, "handle -p cmd")
    if tlist is None or handle is None:
        return "the tlist or handle output is missing"
    rows = tlist_rows(tlist)
    if "System" not in rows or rows["System"][0] != 2:
        return "tlist does not show the System process as pid 2: %r" % sorted(rows)
    if "cmd.exe" not in rows or "tlist.exe" not in rows:
        return "tlist does not show cmd.exe and itself: %r" % sorted(rows)
    cmd_pid, _, threads, cmd_handles, kb = rows["cmd.exe"]
    if threads < 1 or kb <= 0:
        return "cmd.exe has %d threads and %d KB" % (threads, kb)
    if rows["tlist.exe"][1] != cmd_pid:
        return "tlist.exe's parent is %d, not cmd's pid %d" % (rows["tlist.exe"][1], cmd_pid)
    if not re.search(r"^cmd\.exe pid: %d$" % cmd_pid, handle, re.M):
        return "handle -p cmd does not head its list with cmd.exe pid: %d" % cmd_pid
    listed = re.findall(r"^\s+([0-9A-F]+)\s+(\w+)\s+0x([0-9A-F]{8})  (.*)$", handle, re.M)
    # While a tool runs, cmd holds the tool's process and thread handles and nothing else.
    if len(listed) != cmd_handles:
        return "handle lists %d handles for cmd, tlist counted %d" % (len(listed), cmd_handles)
    names = dict((t, n) for _, t, _, n in listed)
    if sorted(names) != ["Process", "Thread"]:
        return "cmd's handles are %r, expected its child's Process and Thread" % listed
    if any(int(v, 16) % 4 for v, _, _, _ in listed):
        return "a handle value is not a multiple of 4: %r" % listed
    # ... and they name the running handle.exe, as handle.exe shows process and thread handles.
    child = re.fullmatch(r"handle\.exe\((\d+)\)", names["Process"])
    if not child or not re.fullmatch(r"handle\.exe\(%s\): \d+" % child.group(1), names["Thread"]):
        return "cmd's handles do not name handle.exe(pid) and handle.exe(pid): tid: %r" % names
    return None


# -- poolmon -------------------------------------------------------------------------------------

def check_poolmon(run):
    text = output_of(run.serial, "poolmon")
    if text is None:
        return "no poolmon output"
    rows = [(m.group(1), *map(int, m.group(2, 3, 4, 5)))
            for m in re.finditer(r"^ (.{4})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", text, re.M)]
    total = re.search(r"^ (\d+) tags, (\d+) bytes in use$", text, re.M)
    if not rows or not total:
        return "poolmon printed no tag table: %r" % text[:300]
    if int(total.group(1)) != len(rows) or int(total.group(2)) != sum(r[4] for r in rows):
        return "poolmon's total line does not match its rows"
    for tag, allocs, frees, diff, nbytes in rows:
        if frees > allocs or diff != allocs - frees or (diff == 0) != (nbytes == 0):
            return "tag %s: allocs %d frees %d diff %d bytes %d" % (tag, allocs, frees, diff, nbytes)
    if [r[4] for r in rows] != sorted((r[4] for r in rows), reverse=True):
        return "poolmon's rows are not sorted by bytes"
    tags = {r[0] for r in rows}
    if not {"Proc", "Thre", "ObjT"} <= tags:
        return "poolmon lacks the Proc/Thre/ObjT tags of the running processes: %r" % sorted(tags)
    return None


# -- the screen and the ending ---------------------------------------------------------------------

def check_screen(run):
    """The framebuffer shows text: some pixels differ from the background (the most common colour)."""
    if not run.screenshot_path:
        return "no screenshot"
    width, height, rows = read_png(run.screenshot_path)
    counts = {}
    for row in rows:
        for x in range(0, width * 3, 3):
            counts[row[x:x + 3]] = counts.get(row[x:x + 3], 0) + 1
    background = max(counts.values())
    if width * height - background < width * height // 100:
        return "the screen is nearly blank (%d of %d pixels differ from the background)" % (
            width * height - background, width * height)
    return None


def check_shutdown_status(run):
    return None if run.status == 0 else "QEMU exited with %s, not 0 (ACPI power-off)" % run.status


TESTS = [ver_test(v) for v in ("rtm", "sp", ("Q160650",))] + [
    shell("shell-help", ["help"], [
        r"Built-in commands:", r"\n  ver\s+shows the build", r"\n  shutdown\s+powers the system off",
        r"Programs \(run as NAME \[ARGUMENTS\]\):", r"\n  cmd\.exe\s+\d+ bytes", r"\n  tlist\.exe\s+\d+ bytes",
        r"\n  handle\.exe\s+\d+ bytes", r"\n  obdir\.exe\s+\d+ bytes", r"\n  poolmon\.exe\s+\d+ bytes"]),
    shell("shell-tlist-handle", ["tlist", "handle -p cmd", "handle -p 99999", "handle"], [
        r"PID\s+PPID\s+Image\s+Threads\s+Handles\s+Memory\(KB\)", r"handle: no process 99999",
        r"\ncmd\.exe pid: \d+\r?\n"], check=check_tlist_and_handle),
    shell("shell-obdir", ["obdir", "obdir \\ObjectTypes", "obdir \\Device", "obdir \\??", "obdir \\nosuchdir"], [
        r"Directory of \\\r?\n", r"\n  ObjectTypes\s+Directory\r?\n", r"\n  Device\s+Directory\r?\n",
        r"\n  \?\?\s+Directory\r?\n", r"\n  BaseNamedObjects\s+Directory\r?\n",
        r"Directory of \\ObjectTypes\r?\n",
        *[r"\n  %s\s+Type\r?\n" % t for t in ("Directory", "SymbolicLink", "Type", "Process", "Thread")],
        r"Directory of \\Device\r?\n\r?\n  \w+\s+Device\r?\n",
        r"Directory of \\\?\?\r?\n\r?\n  \w+\s+SymbolicLink\s+-> \\Device\\\w+\r?\n",
        r"obdir: cannot open directory \\nosuchdir: status 0xC0000034", r"obdir\.exe: exited with status 1"]),
    shell("shell-poolmon", ["poolmon", "poolmon -n 2", "poolmon -x"], [
        r"Tag\s+Allocs\s+Frees\s+Diff\s+Bytes", r"usage: poolmon \[-n N\]"], check=check_poolmon),
    shell("shell-programs", ['hello one "two three" -exit 3', "hello", "foo", "corrupt", "echo hi  there"], [
        r"hello from user mode: 5 argument\(s\)", r'argv\[2\] = "two three"',
        r"hello\.exe: exited with status 3\r?\n" + PROMPT + "hello\r?\n",
        r"hello from user mode: 1 argument\(s\)\r?\n  argv\[0\] = \"hello\"\r?\n" + PROMPT,
        r"'foo' is not recognized as an internal or external command,\r?\noperable program or batch file\.",
        r"corrupt: cannot start: error 193", r"\nhi  there\r?\n"]),
    # Backspace (BS and DEL) edits the line before the shell sees it.
    shell("shell-line-editing", ["exho\b\b\bcho edited\x7f\x7f\x7f\x7f\x7f\x7fline works"],
          [r"\nline works\r?\n"]),
    # Every kind of user fault ends only the faulting program (`crash -u TYPE`; `crash TYPE` would be the
    # crash driver's kernel-mode fault), also when crash.exe's `-u all` runs them all as its children;
    # the shell and the kernel carry on.
    shell("shell-crash", ["crash -u " + m for m, _ in CRASH_MODES] + ["crash -u all", "echo still alive", "tlist"], [
        *[r"crash: %s\r?\n.*\r?\ncrash\.exe: terminated with status 0x%08X" % (m, s) for m, s in CRASH_MODES],
        *[r"crash -u %s\s+PASS \(exit status 0x%08X" % (re.escape(m), s) for m, s in CRASH_MODES],
        r"crash -u all: %d passed, 0 failed" % len(CRASH_MODES), r"\nstill alive\r?\n"],
        reject=[r"(?m)^\s*\d+\s+\d+\s+crash\.exe"], timeout=90),
    shell("shell-cls", ["cls", "echo after cls"], [r"\x1b\[2J\x1b\[H", r"\nafter cls\r?\n"]),
    QemuTest("shell-shutdown", flavours=BOTH, input=["shutdown"], expect=[r"servpack: power off"],
             check=check_shutdown_status),
    QemuTest("shell-exit", input=["exit"], expect=[r"servpack: power off"], check=check_shutdown_status),
    # The shell under UEFI (framebuffer console): the same tools, and the screen shows them.
    QemuTest("shell-uefi", firmware="uefi", input=["ver", "tlist", "obdir \\ObjectTypes"], timeout=120,
             expect=[r"variant sp", r"cmd\.exe", r"SymbolicLink\s+Type"], screenshot=True, check=check_screen),
]
