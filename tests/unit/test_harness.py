"""Host tests of the harness's verdicts: synthetic QEMU runs (serial text, exit status, QMP shutdown
reason) for every way a run can end, checked against the verdict and the message the reader gets."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import QemuTest, Run  # noqa: E402

failures = 0
BANNER = "servpack (R) Windows NT (TM) teaching kernel\nservpack: system is up\n"
STOP = "*** STOP: 0x0000000A (0x00000000,0x00000002,0x00000000,0x80101234)\nIRQL_NOT_LESS_OR_EQUAL\n"


def verdict(test, serial, status, ended_by="qemu", reason=None, stderr=""):
    run = Run(test, "sp", "/nonexistent")
    run.serial, run.status, run.ended_by, run.shutdown_reason, run.stderr = (
        serial, status, ended_by, reason, stderr)
    return test.classify(run)


def check(what, result, ok, words=()):
    global failures
    good = result[0] == ok and all(w in result[1] for w in words)
    failures += not good
    print("%s %s -> %s%s" % ("ok  " if good else "FAIL", what, "pass" if result[0] else "fail",
                             ": " + result[1] if result[1] else ""))


boot = QemuTest("t", expect=[r"system is up"])
check("at the prompt, stopped by the harness", verdict(boot, BANNER + "kd> ", 0, "harness"), True)
check("clean ACPI power-off", verdict(boot, BANNER + "servpack: power off\n", 0, reason="guest-shutdown"),
      True)
check("isa-debug-exit power-off", verdict(boot, BANNER + "servpack: power off\n", 1), True)
check("triple fault", verdict(boot, BANNER, 0, reason="guest-reset"), False,
      ("triple fault", "guest-reset", "system is up"))
check("reset after the power-off line", verdict(boot, BANNER + "servpack: power off\n", 0,
                                                reason="guest-reset"), False, ("triple fault",))
check("timeout", verdict(boot, "servpack (R)\n", 124, "timeout"), False,
      ("timeout", "30 s", "waiting for /system is up/"))
check("unexpected bugcheck", verdict(boot, BANNER + STOP, 85), False,
      ("unexpected bugcheck", "0x0000000A", "IRQL_NOT_LESS_OR_EQUAL"))
check("other isa-debug-exit code", verdict(boot, BANNER, 7), False, ("0x03",))
check("QEMU cannot start", verdict(boot, "", 1, stderr="qemu: could not open disk image x\n"), False,
      ("failed to start", "could not open"))
check("missing expectation", verdict(QemuTest("t", expect=["echo: hi"]), BANNER + "kd> ", 0, "harness"),
      False, ("echo: hi",))
check("rejected text", verdict(QemuTest("t", reject=["up"]), BANNER + "kd> ", 0, "harness"), False,
      ("rejected", "system is up"))
check("check function", verdict(QemuTest("t", check=lambda run: "screen is black"), BANNER + "kd> ", 0,
                                "harness"), False, ("screen is black",))

crash = QemuTest("t", expect_stop=r"STOP: 0x0000000A \(0x00000000,0x00000002")
check("expected bugcheck", verdict(crash, BANNER + STOP, 85), True)
check("expected bugcheck name", verdict(QemuTest("t", expect_stop="IRQL_NOT_LESS"), BANNER + STOP, 85), True)
check("wrong bugcheck", verdict(QemuTest("t", expect_stop=r"STOP: 0x000000C2"), BANNER + STOP, 85), False,
      ("wrong bugcheck", "0x0000000A", "0x000000C2"))
check("no bugcheck", verdict(crash, BANNER + "servpack: power off\n", 0, reason="guest-shutdown"), False,
      ("expected a bugcheck", "powered off"))
check("bugcheck that did not exit", verdict(crash, BANNER + STOP, 124, "timeout"), False,
      ("timeout after a bugcheck",))
check("expect_stop waits for exit", (crash.wait_exit, ""), True)

kt = QemuTest("t", cmdline="ktest=a,b")
check("ktest run waits for exit", (kt.wait_exit, ""), True)
check("ktest pass", verdict(kt, "ktest a: PASS\nktest b: PASS\nktest: 2 passed, 0 failed\n"
                            "servpack: power off\n", 0, reason="guest-shutdown"), True)
check("ktest failure", verdict(kt, "ktest a: FAIL (1 checks failed)\nktest: 1 passed, 1 failed\n"
                               "servpack: power off\n", 0), False, ("ktest a: FAIL",))
check("ktest name unknown", verdict(kt, "ktest: no test matches 'a,b'\nktest: 0 passed, 0 failed\n"
                                    "servpack: power off\n", 0), False, ("no test matches",))
check("ktest without summary", verdict(kt, "ktest a: PASS\nservpack: power off\n", 0), False,
      ("summary",))

print("%d failed" % failures)
sys.exit(1 if failures else 0)
