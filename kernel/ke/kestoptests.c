/*
 * In-kernel tests that end in a bugcheck, one per boot: each prints the STOP line it expects (computed
 * independently, e.g. from the address of the faulting instruction's label) and then triggers the
 * fault; the suite (tests/suites/ke.py) compares the two lines. They only fire when ktest= names them
 * explicitly, so that ktest=all still runs to the end.
 */
#include "ke.h"
#include "mm.h"
#include "hal.h"
#include "rtl.h"
#include "ktest.h"

#define UNMAPPED_KERNEL_ADDRESS 0xE0000000u   /* the kernel-stack area's first page: always a guard page */
#define OVERFLOW_STACK_PAGES    4

static BOOLEAN named(const char *name)
{
    char list[128];
    if (!KiGetBootOption(KeBootInfo.CommandLine, "ktest", list, sizeof list))
        return FALSE;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return TRUE;
        p += len + (end ? 1 : 0);
    }
    DbgPrint("  skipped: a bugcheck test runs only when ktest= names it\n");
    return FALSE;
}

static void expect(const char *name, ULONG code, ULONG p1, ULONG p2, ULONG p3, ULONG p4)
{
    DbgPrint("ktest %s: expect STOP: 0x%08X (0x%08X,0x%08X,0x%08X,0x%08X)\n", name, code, p1, p2, p3, p4);
}

extern char KiTestFaultRead[], KiTestFaultWrite[], KiTestInt3[], KiTestDivide[], KiTestUd2[], KiTestBadSegment[],
    KiTestAfterInt81[];

KTEST(stop_pf_dispatch)
{
    if (!named("stop_pf_dispatch"))
        return;
    KfRaiseIrql(DISPATCH_LEVEL);
    expect("stop_pf_dispatch", IRQL_NOT_LESS_OR_EQUAL, UNMAPPED_KERNEL_ADDRESS, DISPATCH_LEVEL, 0,
           (ULONG)(ULONG_PTR)KiTestFaultRead);
    __asm__ volatile(".globl KiTestFaultRead\nKiTestFaultRead: movl (%0), %%eax"
                     : : "r"(UNMAPPED_KERNEL_ADDRESS) : "eax", "memory");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_pf_passive)
{
    if (!named("stop_pf_passive"))
        return;
    expect("stop_pf_passive", PAGE_FAULT_IN_NONPAGED_AREA, UNMAPPED_KERNEL_ADDRESS + 0x10, 1,
           (ULONG)(ULONG_PTR)KiTestFaultWrite, 0);
    __asm__ volatile(".globl KiTestFaultWrite\nKiTestFaultWrite: movl %%eax, (%0)"
                     : : "r"(UNMAPPED_KERNEL_ADDRESS + 0x10), "a"(0) : "memory");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_int3)
{
    if (!named("stop_int3"))
        return;
    expect("stop_int3", KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_BREAKPOINT, (ULONG)(ULONG_PTR)KiTestInt3, 0, 0);
    __asm__ volatile(".globl KiTestInt3\nKiTestInt3: int3");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_divide)
{
    if (!named("stop_divide"))
        return;
    expect("stop_divide", KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_INTEGER_DIVIDE_BY_ZERO,
           (ULONG)(ULONG_PTR)KiTestDivide, 0, 0);
    __asm__ volatile("xorl %%ecx, %%ecx\n\txorl %%edx, %%edx\n.globl KiTestDivide\nKiTestDivide: divl %%ecx"
                     : : "a"(1) : "ecx", "edx");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_invalid_opcode)
{
    if (!named("stop_invalid_opcode"))
        return;
    expect("stop_invalid_opcode", KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_ILLEGAL_INSTRUCTION,
           (ULONG)(ULONG_PTR)KiTestUd2, 0, 0);
    __asm__ volatile(".globl KiTestUd2\nKiTestUd2: ud2");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_general_protection)
{
    if (!named("stop_general_protection"))
        return;
    expect("stop_general_protection", KMODE_EXCEPTION_NOT_HANDLED, (ULONG)STATUS_ACCESS_VIOLATION,
           (ULONG)(ULONG_PTR)KiTestBadSegment, 0, 0xFFFFFFFF);
    __asm__ volatile("movw $0xFFF8, %%ax\n.globl KiTestBadSegment\nKiTestBadSegment: movw %%ax, %%fs" : : : "eax");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_unexpected_vector)
{
    if (!named("stop_unexpected_vector"))
        return;
    expect("stop_unexpected_vector", TRAP_CAUSE_UNKNOWN, 0x81, (ULONG)(ULONG_PTR)KiTestAfterInt81, 0, 0);
    __asm__ volatile("int $0x81\n.globl KiTestAfterInt81\nKiTestAfterInt81:");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

/* Each frame holds a quarter page of stack, so the recursion crosses the guard page within a few calls. */
__attribute__((noinline)) static ULONG recurse(ULONG depth)
{
    volatile UCHAR frame[1024];
    frame[0] = (UCHAR)depth;
    if (depth == 0xFFFFFFFF)            /* never: only there so the compiler sees an end */
        return 0;
    return recurse(depth + 1) + frame[0];
}

KTEST(stop_stack_overflow)
{
    if (!named("stop_stack_overflow"))
        return;
    PVOID top = MmCreateKernelStack(OVERFLOW_STACK_PAGES);
    KT_CHECK(top != NULL);
    if (!top)
        return;
    expect("stop_stack_overflow", UNEXPECTED_KERNEL_MODE_TRAP, 8, 0, 0, 0);
    __asm__ volatile("movl %0, %%esp\n\tpushl $0\n\tcall *%1" : : "r"(top), "r"(recurse) : "memory");
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_spinlock_owned)
{
    if (!named("stop_spinlock_owned"))
        return;
    static KSPIN_LOCK lock;
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    expect("stop_spinlock_owned", SPIN_LOCK_ALREADY_OWNED, (ULONG)(ULONG_PTR)&lock, lock, 0, 0);
    KeAcquireSpinLockAtDpcLevel(&lock);
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_spinlock_not_owned)
{
    if (!named("stop_spinlock_not_owned"))
        return;
    static KSPIN_LOCK lock;
    KeInitializeSpinLock(&lock);
    expect("stop_spinlock_not_owned", SPIN_LOCK_NOT_OWNED, (ULONG)(ULONG_PTR)&lock, 0, 0, 0);
    KeReleaseSpinLock(&lock, PASSIVE_LEVEL);
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_irql_lower)
{
    if (!named("stop_irql_lower"))
        return;
    DbgPrint("ktest stop_irql_lower: expect STOP: 0x0000000A (0x00000002,0x00000000,0x00000000,<caller>)\n");
    KeLowerIrql(DISPATCH_LEVEL);
    KtFail(__FILE__, __LINE__, "no bugcheck");
}

KTEST(stop_irql_raise)
{
    if (!named("stop_irql_raise"))
        return;
    KfRaiseIrql(DISPATCH_LEVEL);
    DbgPrint("ktest stop_irql_raise: expect STOP: 0x00000009 (0x00000002,0x00000001,0x00000000,<caller>)\n");
    KfRaiseIrql(APC_LEVEL);
    KtFail(__FILE__, __LINE__, "no bugcheck");
}
