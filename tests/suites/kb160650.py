"""KB Q160650 (blue screen when closing kernel-mode handles from user mode), driven through the real
user program: user/kb160650 starts an event-log session (drivers/evtlog opens its store in the
caller's context, with OBJ_KERNEL_HANDLE), finds the new handle in the system handle list, closes it
from user mode and asks the driver to finish, which closes it again. Where the fix is missing (rtm, and
the one-fix build that fixes only Q179827) the driver's close stops the system with
INVALID_KERNEL_HANDLE (0x93) and the very handle value the program printed as P1; with -reuse the
driver silently closes the program's own event instead. Where it is applied (sp, and FIXES=Q160650
alone) the handle is a kernel handle, the user's close fails and nothing is harmed. Which variant must
do what comes from kernel/include/kbfixes.h through kb_tests."""
import re

from harness import kb_tests

VARIANTS = ("rtm", "sp", ("Q160650",), ("Q179827",))
HANDLE_LINE = r"kb160650: the driver's handle to \\Device\\Null is 0x([0-9A-F]+), in (this process's own|the kernel)"
NULL_HANDLE_ROW = r"(?:.*\r?\n)*?\s+[0-9A-F]+  File\s+0x[0-9A-F]{8}  \\Device\\Null"
STOP_93 = r"\*\*\* STOP: 0x00000093 \((0x[0-9A-F]{8}),0x00000001,0x00000000,0x00000000\)"


def exited(command, status):
    return r'autorun: "%s" exited with status 0x%08X' % (command, status)


def stop_names_printed_handle(run):
    """P1 of the STOP line is the handle value the program found, closed and printed."""
    printed = re.search(HANDLE_LINE, run.serial)
    stop = re.search(STOP_93, run.serial)
    if not printed or not stop:
        return "no handle line or no STOP 0x93 line on serial"
    if int(stop.group(1), 16) != int(printed.group(1), 16):
        return "STOP P1 %s is not the handle the program printed (0x%s)" % (stop.group(1), printed.group(1))
    if printed.group(2) != "this process's own":
        return "the driver's handle was not in the process's own table"
    return None


def kernel_handle(run):
    m = re.search(HANDLE_LINE, run.serial)
    if not m or not int(m.group(1), 16) & 0x80000000 or not m.group(2).startswith("the kernel"):
        return "the driver's handle is not a kernel handle (0x8000xxxx in the kernel table): %r" % (m and m.group(0))
    return None


TESTS = kb_tests(
    "kb160650", "Q160650", variants=VARIANTS, cmdline='autorun="kb160650"', input=["shutdown"], timeout=90,
    buggy=dict(expect=[r"kb160650: closing handle 0x[0-9A-F]+ from user mode -> 0x00000000",
                       r"\nINVALID_KERNEL_HANDLE\r?\n",
                       # the STOP screen's stack dump has a return address in the driver
                       r"\n[0-9a-f]{8}(?: [0-9a-f]{8}){6} - evtlog\.sys\r?\n"],
               reject=[r"kb160650: nothing was harmed"], expect_stop=STOP_93, check=stop_names_printed_handle),
    fixed=dict(expect=[r"kb160650: closing handle 0x8[0-9A-F]{7} from user mode -> 0xC0000008",
                       r"kb160650: the driver's close -> 0x00000000",
                       r"kb160650: nothing was harmed", exited("kb160650", 0)],
               check=kernel_handle),
) + kb_tests(
    "kb160650-reuse", "Q160650", variants=("rtm", "sp"), cmdline='autorun="kb160650 -reuse"', input=["shutdown"],
    timeout=90,
    buggy=dict(expect=[r"kb160650: created an event of its own: handle 0x([0-9A-F]+) \(reuses the closed value\)",
                       r"kb160650: the driver's close -> 0x00000000",
                       r"kb160650: my event handle 0x[0-9A-F]+ is gone \(error 6\): the driver closed the wrong object",
                       exited("kb160650 -reuse", 2)]),
    fixed=dict(expect=[r"kb160650: closing handle 0x8[0-9A-F]{7} from user mode -> 0xC0000008",
                       r"kb160650: my event handle 0x[0-9A-F]+ survived the driver's close",
                       exited("kb160650 -reuse", 0)],
               check=kernel_handle),
) + kb_tests(
    # -show: `handle` lists the driver's File handle in the table it really lives in.
    "kb160650-show", "Q160650", variants=("rtm", "sp"), cmdline='autorun="kb160650 -reuse -show"',
    input=["shutdown"], timeout=90,
    buggy=dict(expect=[r"kb160650\.exe pid: \d+\r?\n  Handle.*\r?\n" + NULL_HANDLE_ROW]),
    fixed=dict(expect=[r"System pid: 2\r?\n  Handle.*\r?\n" + NULL_HANDLE_ROW]),
)

# A process that exits mid-session: its table is detached and swept; closing the \\.\EvtLog handle
# sends the driver's cleanup, which closes its store handle. In RTM that handle was in the swept table:
# STOP 0x93 with no user close at all. In SP it is a kernel handle and the exit is clean.
TESTS += kb_tests(
    "kb160650-quit", "Q160650", variants=("rtm", "sp"), cmdline='autorun="kb160650 -quit"', input=["shutdown"],
    buggy=dict(expect=[r"kb160650: exiting with the session still running"], reject=[r"session finished"],
               expect_stop=STOP_93, check=stop_names_printed_handle),
    fixed=dict(expect=[r"evtlog: session finished: closed store handle 0x8[0-9A-F]{7} -> 0x0",
                       exited("kb160650 -quit", 0)]),
)
