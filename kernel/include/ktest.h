/*
 * In-kernel tests (in the spirit of ReactOS's kernel-mode tests). A test is a function registered with
 * KTEST(name); booting with ktest=NAME (or ktest=all) runs it after start-up and prints one line per
 * test on serial: "ktest NAME: PASS" or "ktest NAME: FAIL <reason>", then "ktest: N passed, M failed"
 * and powers off. A test that expects a bugcheck simply triggers it; the harness checks the STOP line.
 */
#ifndef KTEST_H
#define KTEST_H

#include "ntdef.h"

typedef struct _KTEST {
    const char *Name;
    void (*Run)(void);
} KTEST;

#define KTEST(name)                                                                   \
    static void ktest_##name(void);                                                   \
    static const KTEST ktest_entry_##name __attribute__((used, section(".ktests." #name))) = \
        { #name, ktest_##name };                                                      \
    static void ktest_##name(void)

/* Records a failure of the running test (the test goes on; it fails at the end). */
void KtFail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define KT_CHECK(cond) do { if (!(cond)) KtFail(__FILE__, __LINE__, "%s", #cond); } while (0)
#define KT_EQ(a, b)                                                                   \
    do { ULONG_PTR a_ = (ULONG_PTR)(a), b_ = (ULONG_PTR)(b);                          \
         if (a_ != b_) KtFail(__FILE__, __LINE__, "%s == 0x%x, expected 0x%x", #a, a_, b_); } while (0)

/* Runs the tests the ktest= option names; returns when done (the caller powers off). */
void KtRunTests(const char *which);

#endif
