"""The QEMU test harness: a QemuTest boots one image per variant under `timeout` with -no-reboot,
isa-debug-exit, serial capture and QMP, types its input at prompts, and classifies the run (pass, fail,
expected bugcheck, unexpected bugcheck, triple fault/spontaneous reboot, timeout). See HELPERS.md for
the fields; tests/run.py finds the TESTS lists in tests/suites/*.py and runs them."""
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402  (tools/qemu.py builds the command line)

STOP_RE = re.compile(r"\*\*\* STOP: 0x[0-9A-Fa-f]{8} \([^)\n]*\)")
POWER_OFF_LINE = "servpack: power off"
PROMPT_END = "> "
QEMU_STATUS_BUGCHECK = 85          # (0x2A << 1) | 1: KeBugCheckEx with onstop=exit
QEMU_STATUS_DEBUG_EXIT_0 = 1       # isa-debug-exit with value 0: the power-off fallback
SETTLE = 0.3                       # seconds of serial silence before a prompt counts as waiting
IDLE_FAIL = 3.0                    # ... before a prompt with unmet expectations ends the run


# ---------------------------------------------------------------------------------------------
# The KB table (kernel/include/kbfixes.h): which variant has which fix.

def kb_table():
    """The KB_FIX rows as a list of dicts: id, component, introduced, fixed_in, title, symptom."""
    text = open(os.path.join(ROOT, "kernel/include/kbfixes.h")).read()
    rows = []
    for m in re.finditer(r"^KB_FIX\((\w+),((?:\s*\"(?:[^\"\\]|\\.)*\"\s*,?)+)\)", text, re.M):
        fields = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", m.group(2))
        rows.append(dict(zip(("id", "component", "introduced", "fixed_in", "title", "symptom"),
                             [m.group(1)] + fields)))
    return rows


def kb_ids():
    return [row["id"] for row in kb_table()]


def variant_name(flavour=None, fixes=None):
    """Build-directory name of a variant, as the Makefile names it: rtm, sp, custom-Q1-Q2 (sorted), or
    clang-rtm / clang-sp for the Clang builds."""
    if fixes is not None:
        unknown = set(fixes) - set(kb_ids())
        if unknown:
            raise ValueError("unknown KB ids %s (kbfixes.h has %s)" % (sorted(unknown), kb_ids()))
        return "custom-" + "-".join(sorted(fixes)) if fixes else "rtm"
    if flavour not in ("rtm", "sp", "clang-rtm", "clang-sp"):
        raise ValueError("flavour must be rtm, sp, clang-rtm or clang-sp, not %r" % flavour)
    return flavour


def variant_fixes(variant):
    """The set of KB ids fixed in a variant name (rtm, sp, custom-..., clang-rtm, clang-sp)."""
    if variant.startswith("clang-"):
        return variant_fixes(variant[len("clang-"):])
    if variant == "rtm":
        return set()
    if variant == "sp":
        return set(kb_ids())
    if variant.startswith("custom-"):
        return set(variant[len("custom-"):].split("-"))
    raise ValueError("unknown variant %r" % variant)


def is_fixed(variant, kb):
    """Is KB `kb` (e.g. "Q160650") fixed in `variant`?"""
    if kb not in kb_ids():
        raise ValueError("%s is not in kbfixes.h" % kb)
    return kb in variant_fixes(variant)


def kb_tests(name, kb, variants=("rtm", "sp"), buggy=None, fixed=None, **common):
    """One QemuTest per variant, taking the `buggy` or `fixed` fields depending on whether `kb` is fixed
    there. A variant is "rtm", "sp" or a tuple of KB ids (a custom FIXES build). Example:
        kb_tests("ob-close", "Q160650", cmdline="ktest=ob_close",
                 buggy=dict(expect_stop=r"STOP: 0x00000093"), fixed=dict(expect=[r"PASS"]))"""
    tests = []
    for v in variants:
        fixes = tuple(v) if isinstance(v, (tuple, list)) else None
        vname = variant_name(None if fixes is not None else v, fixes)
        fields = dict(common)
        fields.update((fixed if is_fixed(vname, kb) else buggy) or {})
        if fixes is not None:
            tests.append(QemuTest(name, fixes=fixes, **fields))
        else:
            tests.append(QemuTest(name, flavours=(v,), **fields))
    return tests


# ---------------------------------------------------------------------------------------------
# Screenshots: a minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what QEMU's screendump writes).

def read_png(path):
    """Returns (width, height, rows) where rows[y] is a bytes object of width*3 RGB values."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s is not a PNG" % path)
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, colour, interlace = body[8], body[9], body[12]
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        _unfilter(ftype, line, prev, bpp)
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        prev = line
    return width, height, rows


def _unfilter(ftype, line, prev, bpp):
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if ftype == 1:
            line[i] = (line[i] + a) & 255
        elif ftype == 2:
            line[i] = (line[i] + b) & 255
        elif ftype == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif ftype == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255


# ---------------------------------------------------------------------------------------------
# Images: one ISO per (variant, command line), cached by the hash of everything that goes into it.

def build_root():
    return os.path.abspath(os.environ.get("BUILDROOT") or os.path.join(ROOT, "build"))


def variant_dir(variant):
    return os.path.join(build_root(), variant)


_image_locks, _image_locks_guard = {}, threading.Lock()
images_used = set()             # for pruning the cache after a full run


def image_for(variant, cmdline, gfxpayload=None):
    vdir = variant_dir(variant)
    elf = os.path.join(vdir, "servpack.elf")
    if not os.path.exists(elf):
        raise RuntimeError("%s is missing: build the variant first (make%s kernel)" % (
            elf, " FIXES=\"%s\"" % " ".join(sorted(variant_fixes(variant))) if variant.startswith("custom-")
            else " FLAVOUR=" + variant))
    h = hashlib.sha256()
    h.update(open(os.path.join(ROOT, "tools/mkiso.sh"), "rb").read())
    h.update(cmdline.encode() + b"\0" + (gfxpayload or "").encode() + b"\0" + open(elf, "rb").read())
    mdir = os.path.join(vdir, "modules")
    for m in sorted(os.listdir(mdir)) if os.path.isdir(mdir) else []:
        h.update(m.encode() + b"\0" + open(os.path.join(mdir, m), "rb").read())
    cache = os.path.join(build_root(), "test-isos")
    os.makedirs(cache, exist_ok=True)
    iso = os.path.join(cache, "%s-%s.iso" % (variant, h.hexdigest()[:16]))
    with _image_locks_guard:
        lock = _image_locks.setdefault(iso, threading.Lock())
    images_used.add(iso)
    with lock:                                  # two tests may want the same image at the same time
        if not os.path.exists(iso):
            subprocess.run([os.path.join(ROOT, "tools/mkiso.sh"), "-m", iso, "0",
                            "servpack %s|%s|%s%s" % (variant, vdir, cmdline,
                                                    "|" + gfxpayload if gfxpayload else "")], check=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return iso


# ---------------------------------------------------------------------------------------------
# One QEMU run.

class Run:
    """What a test's check function gets: serial (text), status (QEMU exit status), ended_by
    ("qemu", "harness" when the system sat at its prompt with nothing left to type, or "timeout"),
    shutdown_reason (from QMP: guest-shutdown = ACPI power off, guest-reset = reset/triple fault),
    screenshot_path (or None), vga_text (the monitor's dump of text memory at 0xB8000 when the test
    captured the screen under BIOS text mode, else None), log_dir, disk_path (or None), variant."""

    def __init__(self, test, variant, log_dir):
        self.test, self.variant, self.log_dir = test, variant, log_dir
        self.serial, self.status, self.ended_by = "", None, None
        self.shutdown_reason, self.screenshot_path, self.disk_path, self.stderr = None, None, None, ""
        self.vga_text = None


class _Qmp:
    """A QMP connection: a reader thread records events; commands wait for their return."""

    def __init__(self, path, deadline, proc=None):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline or (proc and proc.poll() is not None):
                    raise
                time.sleep(0.02)
        self.sock.settimeout(max(1.0, deadline - time.time()))
        self.file = self.sock.makefile("rwb")
        self.events, self.replies, self.cond = [], [], threading.Condition()
        self.file.readline()                                 # greeting
        self.sock.settimeout(None)
        threading.Thread(target=self._read, daemon=True).start()
        self.execute("qmp_capabilities")

    def _read(self):
        try:
            for line in self.file:
                msg = json.loads(line)
                with self.cond:
                    (self.events if "event" in msg else self.replies).append(msg)
                    self.cond.notify_all()
        except (OSError, ValueError):
            pass
        with self.cond:
            self.replies.append({"error": "closed"})
            self.cond.notify_all()

    def execute(self, cmd, timeout=10, **arguments):
        with self.cond:
            self.replies.clear()
            self.file.write(json.dumps({"execute": cmd, "arguments": arguments}).encode() + b"\n")
            self.file.flush()
            self.cond.wait_for(lambda: self.replies, timeout)
            return self.replies[0] if self.replies else {"error": "no reply"}

    def shutdown_reason(self):
        with self.cond:
            for e in self.events:
                if e["event"] == "SHUTDOWN":
                    return e.get("data", {}).get("reason")
        return None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class QemuTest:
    """One test, run once per variant. The fields are documented in docs/testing.md."""

    def __init__(self, name, flavours=("sp",), firmware="bios", boot="cdrom", cmdline="", input=(),
                 expect=(), reject=(), expect_stop=None, timeout=None, check=None, screenshot=False,
                 fixes=None, machine="pc", memory=128, disk=None, disk_setup=None, wait_exit=None,
                 image=None, gfxpayload=None, qemu_args=(), capture_at=None):
        self.name, self.firmware, self.boot, self.cmdline = name, firmware, boot, cmdline.strip()
        self.input, self.expect, self.reject = list(input), list(expect), list(reject)
        self.expect_stop, self.check, self.screenshot = expect_stop, check, screenshot
        self.machine, self.memory, self.disk, self.disk_setup = machine, memory, disk, disk_setup
        self.image, self.gfxpayload, self.qemu_args = image, gfxpayload, list(qemu_args)
        self.capture_at = capture_at
        if isinstance(flavours, str):
            flavours = (flavours,)
        self.variants = [variant_name(fixes=fixes)] if fixes is not None else [
            variant_name(f) for f in flavours]
        self.ktest = re.search(r"(^|\s)ktest=", self.cmdline) is not None
        self.wait_exit = (self.ktest or expect_stop is not None) if wait_exit is None else wait_exit
        self.timeout = timeout or (60 if firmware == "uefi" else 30) + (8 if image else 0)
        for r in self.expect + self.reject + ([expect_stop] if expect_stop else []):
            re.compile(r)

    def instances(self):
        """(full name, variant) pairs: name[variant]."""
        return [("%s[%s]" % (self.name, v), v) for v in self.variants]

    def kernel_cmdline(self):
        return ("onstop=exit " + self.cmdline).strip()

    # -- running -----------------------------------------------------------------------------

    def run(self, variant, log_dir):
        """Boots the variant and returns (ok, message, run)."""
        shutil.rmtree(log_dir, ignore_errors=True)
        os.makedirs(log_dir)
        run = Run(self, variant, log_dir)
        try:
            image = (os.path.join(build_root(), self.image.format(variant=variant)) if self.image
                     else image_for(variant, self.kernel_cmdline(), self.gfxpayload))
            if not os.path.exists(image):
                raise RuntimeError("%s is missing (make iso builds it)" % image)
        except RuntimeError as e:
            return False, "cannot build the image: %s" % e, run
        except subprocess.CalledProcessError as e:
            lines = (e.output or b"").decode("utf-8", "replace").strip().splitlines()
            return False, "tools/mkiso.sh failed: %s" % (lines[-1] if lines else e), run
        if self.disk:
            run.disk_path = os.path.join(log_dir, "disk.img")
            (self.disk_setup or qemu.make_disk)(run.disk_path)
        qmp_path = os.path.join("/tmp", "servpack-qmp-%d-%d.sock" % (os.getpid(), threading.get_ident()))
        args = qemu.command(image, self.firmware, self.boot, self.machine, self.memory,
                            os.path.join(log_dir, "ovmf-vars.fd"), self.disk, run.disk_path, "test",
                            qmp_path=qmp_path, no_reboot=True, extra=self.qemu_args)
        args = ["timeout", "--kill-after=5", str(self.timeout)] + args
        with open(os.path.join(log_dir, "qemu-command.txt"), "w") as f:
            f.write(" ".join(args) + "\n")
        try:
            self._drive(run, args, qmp_path)
        finally:
            if os.path.exists(qmp_path):
                os.unlink(qmp_path)
        ok, message = self.classify(run)
        with open(os.path.join(log_dir, "serial.txt"), "w") as f:
            f.write(run.serial)
        with open(os.path.join(log_dir, "status.txt"), "w") as f:
            f.write("qemu exit status: %s\nended by: %s\nshutdown reason (QMP): %s\nresult: %s\n%s" % (
                run.status, run.ended_by, run.shutdown_reason, "pass" if ok else "FAIL",
                message + "\n" if message else ""))
            if run.stderr:
                f.write("qemu stderr:\n" + run.stderr)
        return ok, message, run

    def _drive(self, run, args, qmp_path):
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        chunks, last_output = [], [time.time()]
        stderr = []

        def pump():
            while True:
                data = os.read(proc.stdout.fileno(), 4096)
                if not data:
                    return
                chunks.append(data)
                last_output[0] = time.time()

        readers = [threading.Thread(target=pump, daemon=True),
                   threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)]
        for t in readers:
            t.start()
        qmp = None
        try:
            qmp = _Qmp(qmp_path, time.time() + 30, proc)
        except OSError:
            pass                                            # QEMU failed to start: stderr says why
        pending, sent_at = list(self.input), 0
        while proc.poll() is None:
            time.sleep(0.05)
            text = b"".join(chunks).decode("utf-8", "replace")
            at_prompt = text.endswith(PROMPT_END) and len(text) > sent_at
            quiet = time.time() - last_output[0]
            if at_prompt and pending and quiet > 0.05:
                line = pending.pop(0)
                try:
                    proc.stdin.write(line.encode() + b"\r")
                    proc.stdin.flush()
                except BrokenPipeError:                     # QEMU has just exited
                    break
                sent_at = len(text)
                last_output[0] = time.time()
                continue
            if self.capture_at and qmp and self.capture_at in text:
                time.sleep(0.5)                             # the screen is painted before serial ends
                self._finish(run, qmp, proc)
                break
            if at_prompt and not pending and not self.wait_exit and qmp:
                met = all(re.search(r, text) for r in self.expect)
                if (met and quiet > SETTLE) or quiet > IDLE_FAIL:
                    self._finish(run, qmp, proc)
                    break
        proc.wait()
        for t in readers:
            t.join(timeout=5)
        run.serial = b"".join(chunks).decode("utf-8", "replace")
        run.stderr = b"".join(stderr).decode("utf-8", "replace")
        run.status = proc.returncode
        if run.ended_by is None:
            run.ended_by = "timeout" if run.status in (124, 137) else "qemu"
        if qmp:
            run.shutdown_reason = qmp.shutdown_reason()
            qmp.close()

    def _finish(self, run, qmp, proc):
        if self.capture_at and self.firmware == "bios" and not self.gfxpayload:
            reply = qmp.execute("human-monitor-command", **{"command-line": "xp /4000hx 0xb8000"})
            run.vga_text = reply.get("return")
        if self.screenshot:
            path = os.path.join(run.log_dir, "screen.png")
            qmp.execute("screendump", filename=path, format="png")
            run.screenshot_path = path if os.path.exists(path) else None
        run.ended_by = "harness"
        qmp.execute("quit")
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    # -- classifying -------------------------------------------------------------------------

    def classify(self, run):
        ending = self.classify_ending(run)
        if ending:
            return False, ending
        for r in self.expect:
            if not re.search(r, run.serial):
                return False, "expected /%s/ on serial, not seen%s" % (r, _last_line(run.serial))
        for r in self.reject:
            m = re.search(r, run.serial)
            if m:
                return False, "rejected /%s/ appeared on serial: %r" % (r, _line_at(run.serial, m.start()))
        if self.ktest:
            m = re.search(r"ktest (\S+): FAIL.*|ktest: no test matches.*", run.serial)
            if m:
                return False, m.group(0).strip()
            summary = self.expect_stop or re.search(r"ktest: [1-9]\d* passed, 0 failed", run.serial)
            if not summary:                     # (a run that must bugcheck never reaches the summary)
                return False, "the ktest run did not report its summary (ktest: N passed, 0 failed)"
        if self.check:
            error = self.check(run)
            if error:
                return False, error
        return True, ""

    def classify_ending(self, run):
        """How did the run end? None when that is what the test wants, else an explanation."""
        stop = STOP_RE.search(run.serial)
        stop_text = stop and _stop_description(run.serial, stop)
        if run.ended_by == "timeout":
            if stop:
                return "timeout after a bugcheck (onstop=exit did not exit?): %s" % stop_text
            return "timeout: still running after %d s (%s)%s" % (
                self.timeout, self._waiting_for(run), _last_line(run.serial))
        if self.expect_stop:
            if not stop:
                return "expected a bugcheck /%s/, but %s" % (self.expect_stop, _ending_story(run))
            if not re.search(self.expect_stop, run.serial[stop.start():]):
                return "wrong bugcheck: %s; expected /%s/" % (stop_text, self.expect_stop)
            if run.status != QEMU_STATUS_BUGCHECK:
                return "bugcheck seen (%s) but QEMU exited with %s, not %d" % (
                    stop_text, run.status, QEMU_STATUS_BUGCHECK)
            return None
        if stop:
            return "unexpected bugcheck: %s" % stop_text
        if run.ended_by == "harness":
            return None
        if (POWER_OFF_LINE in run.serial and run.status in (0, QEMU_STATUS_DEBUG_EXIT_0)
                and run.shutdown_reason != "guest-reset"):
            return None
        return _ending_story(run)

    def _waiting_for(self, run):
        if self.input and not re.search(re.escape(PROMPT_END), run.serial):
            return "no prompt ending in '> ' appeared for the input"
        missing = [r for r in self.expect if not re.search(r, run.serial)]
        if missing:
            return "waiting for /%s/" % missing[0]
        if self.expect_stop:
            return "waiting for the bugcheck"
        return "waiting for the power-off line '%s'" % POWER_OFF_LINE


def _ending_story(run):
    """A sentence about how QEMU stopped, for a run that did not end the way the test wanted."""
    last = _last_line(run.serial)
    if run.stderr.strip() and not run.serial:
        return "QEMU failed to start: %s" % run.stderr.strip().splitlines()[-1]
    if run.ended_by == "harness":
        return "the system waited at its prompt with nothing left to type" + last
    if run.status == 0:
        if run.shutdown_reason == "guest-reset" or POWER_OFF_LINE not in run.serial:
            return ("triple fault or spontaneous reboot: QEMU stopped (status 0, -no-reboot, "
                    "QMP reason %s) without the kernel's '%s' line%s" % (
                        run.shutdown_reason, POWER_OFF_LINE, last))
        return "the system powered off" + last
    if run.status == QEMU_STATUS_DEBUG_EXIT_0:
        if POWER_OFF_LINE in run.serial:
            return "the system powered off (via isa-debug-exit)" + last
        return "the kernel wrote 0 to isa-debug-exit without the power-off line" + last
    if run.status == QEMU_STATUS_BUGCHECK:
        return "QEMU exited with 85 (bugcheck exit code) but no STOP line is on serial" + last
    if run.status is not None and run.status & 1 and run.status < 256:
        return "the kernel wrote 0x%02X to isa-debug-exit (QEMU status %d)%s" % (
            run.status >> 1, run.status, last)
    err = run.stderr.strip().splitlines()
    return "QEMU exited with status %s%s%s" % (run.status, ": " + err[-1] if err else "", last)


def _stop_description(serial, match):
    rest = serial[match.end():].lstrip("\r\n").splitlines()
    name = rest[0].strip() if rest else ""
    return match.group(0) + (" " + name if name else "")


def _line_at(text, pos):
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)].strip()


def _last_line(serial):
    lines = [l.strip() for l in serial.splitlines() if l.strip()]
    return "; last serial line: %r" % lines[-1][-120:] if lines else "; nothing on serial"
