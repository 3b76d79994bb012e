/* A small kit for host unit tests: each CHECK prints one line (`ok   ...` or `FAIL file:line: ...`);
   main returns unit_finish(), which prints the totals and is non-zero when a check failed. */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int UnitChecks, UnitFailures;

static inline int unit_check(int ok, const char *file, int line, const char *what)
{
    UnitChecks++;
    if (ok) {
        printf("ok   %s\n", what);
    } else {
        UnitFailures++;
        printf("FAIL %s:%d: %s\n", file, line, what);
    }
    return ok;
}

static inline void unit_check_str(const char *got, const char *want, const char *file, int line,
                                  const char *what)
{
    char text[512];
    int ok = got && strcmp(got, want) == 0;
    snprintf(text, sizeof text, "%s is \"%s\"%s%s%s", what, want, ok ? "" : " (got \"",
             ok ? "" : got ? got : "(null)", ok ? "" : "\")");
    unit_check(ok, file, line, text);
}

static inline void unit_check_int(long long got, long long want, const char *file, int line,
                                  const char *what)
{
    char text[512];
    snprintf(text, sizeof text, "%s == %lld (got %lld)", what, want, got);
    unit_check(got == want, file, line, text);
}

#define CHECK(cond)           unit_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want)  unit_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want)  unit_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got)

static inline int unit_finish(void)
{
    printf("%d checks, %d failed\n", UnitChecks, UnitFailures);
    return UnitFailures != 0;
}

#endif
