/* The in-kernel test runner: finds KTEST entries in the .ktests section and runs those asked for. */
#include "ktest.h"
#include "hal.h"
#include "rtl.h"

extern const KTEST KiTestTable[], KiTestTableEnd[];

static ULONG Failures;

void KtFail(const char *file, int line, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    RtlFormatV(msg, sizeof msg, fmt, ap);
    va_end(ap);
    DbgPrint("  check failed at %s:%d: %s\n", file, line, msg);
    Failures++;
}

static BOOLEAN selected(const char *which, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = which; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if ((len == 3 && strncmp(p, "all", 3) == 0) || (len == n && strncmp(p, name, n) == 0))
            return TRUE;
        p += len + (end ? 1 : 0);
    }
    return FALSE;
}

void KtRunTests(const char *which)
{
    ULONG passed = 0, failed = 0, found = 0;
    for (const KTEST *t = KiTestTable; t < KiTestTableEnd; t++) {
        if (!selected(which, t->Name))
            continue;
        found++;
        Failures = 0;
        DbgPrint("ktest %s: start\n", t->Name);
        t->Run();
        if (Failures) {
            failed++;
            DbgPrint("ktest %s: FAIL (%u checks failed)\n", t->Name, Failures);
        } else {
            passed++;
            DbgPrint("ktest %s: PASS\n", t->Name);
        }
    }
    if (!found)
        DbgPrint("ktest: no test matches '%s'\n", which);
    DbgPrint("ktest: %u passed, %u failed\n", passed, failed);
}
