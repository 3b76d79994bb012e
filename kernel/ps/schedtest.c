/*
 * In-kernel tests of the scheduler: priorities, preemption, round robin, thread termination and
 * reaping, and the context-switch benchmark. They run in the phase-1 thread (priority 8).
 */
#include "pstest.h"
#include "mm.h"
#include "ex.h"
#include "hal.h"
#include "ktest.h"

/* ---- preemption: a thread made ready at a higher priority runs before its creator goes on ---- */
static volatile ULONG Order[8], OrderCount;

static void record_order(PVOID id)
{
    Order[OrderCount++] = (ULONG)id;
}

KTEST(sched_preempt)
{
    OrderCount = 0;
    KPRIORITY saved = KeSetPriorityThread(KeGetCurrentThread(), 9);
    PETHREAD high = PspTestStartThread(record_order, (PVOID)1, 8);   /* below us: it waits */
    record_order((PVOID)0);
    KeSetPriorityThread(&high->Tcb, 12);                   /* now it preempts us at once */
    record_order((PVOID)2);
    PspTestJoinThread(high);
    KeSetPriorityThread(KeGetCurrentThread(), saved);
    KT_EQ(OrderCount, 3);
    KT_EQ(Order[0], 0);
    KT_EQ(Order[1], 1);
    KT_EQ(Order[2], 2);
}

/* ---- priority order: of several ready threads the highest priority runs first ---- */
KTEST(sched_priority_order)
{
    OrderCount = 0;
    KPRIORITY saved = KeSetPriorityThread(KeGetCurrentThread(), 20);
    PETHREAD low = PspTestStartThread(record_order, (PVOID)10, 10);
    PETHREAD mid = PspTestStartThread(record_order, (PVOID)12, 12);
    PETHREAD rt = PspTestStartThread(record_order, (PVOID)17, 17);
    KT_EQ(OrderCount, 0);                                   /* nobody preempted priority 20 */
    KeSetPriorityThread(KeGetCurrentThread(), saved);       /* now all three run before us */
    KT_EQ(OrderCount, 3);
    KT_EQ(Order[0], 17);
    KT_EQ(Order[1], 12);
    KT_EQ(Order[2], 10);
    PspTestJoinThread(low);
    PspTestJoinThread(mid);
    PspTestJoinThread(rt);
}

/* ---- round robin: two CPU-bound threads of one priority take turns at quantum end ---- */
#define RR_TICKS 30
static volatile ULONG RrLog[64], RrCount, RrLast;

static void spin_and_log(PVOID id)
{
    ULONG until = KeTickCount + RR_TICKS;
    while ((LONG)(until - KeTickCount) > 0) {
        ULONG flags = KiDisableInterrupts();
        if (RrLast != (ULONG)id && RrCount < 64) {
            RrLog[RrCount++] = (ULONG)id;
            RrLast = (ULONG)id;
        }
        KiRestoreInterrupts(flags);
    }
}

KTEST(sched_round_robin)
{
    RrCount = 0;
    RrLast = 0;
    KPRIORITY saved = KeSetPriorityThread(KeGetCurrentThread(), 10);   /* both ready before either runs */
    PETHREAD a = PspTestStartThread(spin_and_log, (PVOID)1, 9);
    PETHREAD b = PspTestStartThread(spin_and_log, (PVOID)2, 9);
    KeSetPriorityThread(KeGetCurrentThread(), saved);
    PspTestJoinThread(a);
    PspTestJoinThread(b);
    DbgPrint("  round robin: %u turns in %u ticks each\n", RrCount, RR_TICKS);
    /* a quantum is 2 ticks: about RR_TICKS turns; a scheduler without round robin gives 2 */
    KT_CHECK(RrCount >= 8);
}

/* ---- starvation: a ready thread that a busy higher-priority thread keeps from running gets a
   one-quantum boost to priority 15 after about 3 s (NT's balance set manager) ---- */
#define HOG_TICKS 500
static volatile ULONG StarvedRanTick, HogStartTick;

static void hog_cpu(PVOID context)
{
    HogStartTick = KeTickCount;
    while (KeTickCount - HogStartTick < HOG_TICKS)
        ;
}

static void note_run(PVOID context)
{
    StarvedRanTick = KeTickCount;
}

KTEST(sched_starvation)
{
    StarvedRanTick = 0;
    KPRIORITY saved = KeSetPriorityThread(KeGetCurrentThread(), 12);   /* above the hog */
    PETHREAD starved = PspTestStartThread(note_run, NULL, 6);
    PETHREAD hog = PspTestStartThread(hog_cpu, NULL, 10);
    PspTestJoinThread(starved);
    ULONG waited = StarvedRanTick - HogStartTick;
    KT_CHECK(!KeReadStateThread(&hog->Tcb));                /* it ran while the hog still spun */
    PspTestJoinThread(hog);
    KeSetPriorityThread(KeGetCurrentThread(), saved);
    DbgPrint("  a priority-6 thread ran after %u ticks behind a priority-10 CPU hog\n", waited);
    KT_CHECK(waited >= 300 && waited < 420);
}

/* ---- termination: waiters on the thread wake, the exit status is kept, the stack is reaped ---- */
static void exit_with_status(PVOID status)
{
    PspTestDelay(20);
    PsTerminateSystemThread((NTSTATUS)(ULONG)status);
}

KTEST(sched_terminate)
{
    MM_STATISTICS before, after;
    ULONG poolBefore = ExQueryPoolBytesInUse();
    MmQueryStatistics(&before);
    PETHREAD thread = PspTestStartThread(exit_with_status, (PVOID)0x1234, 8);
    KT_CHECK(!KeReadStateThread(&thread->Tcb));
    LONGLONG timeout = -2000000;                            /* 200 ms */
    NTSTATUS status = KeWaitForSingleObject(&thread->Tcb, Executive, KernelMode, FALSE, &timeout);
    KT_EQ(status, STATUS_WAIT_0);
    KT_EQ(thread->ExitStatus, 0x1234);
    KT_EQ(thread->Tcb.State, Terminated);
    KT_CHECK(KeReadStateThread(&thread->Tcb));
    PsDereferenceThread(thread);
    PspTestDelay(20);                                           /* let the reaper run */
    MmQueryStatistics(&after);
    KT_EQ(after.KernelStacks, before.KernelStacks);
    KT_EQ(ExQueryPoolBytesInUse(), poolBefore);
}

/* ---- many threads come and go: stacks and thread objects do not leak ---- */
static void do_nothing(PVOID context) {}

KTEST(sched_thread_churn)
{
    MM_STATISTICS before, after;
    MmQueryStatistics(&before);
    ULONG poolBefore = ExQueryPoolBytesInUse();
    for (int i = 0; i < 200; i++)
        PspTestJoinThread(PspTestStartThread(do_nothing, NULL, 8 + i % 4));
    PspTestDelay(20);
    MmQueryStatistics(&after);
    KT_EQ(after.KernelStacks, before.KernelStacks);
    KT_EQ(ExQueryPoolBytesInUse(), poolBefore);
}

/* ---- the benchmark: two threads ping-pong through two synchronization events ---- */
#define PINGPONG_ROUNDS 20000
static KEVENT Ping, Pong;

static void pong_thread(PVOID context)
{
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        KeWaitForSingleObject(&Ping, Executive, KernelMode, FALSE, NULL);
        KeSetEvent(&Pong, 0, FALSE);
    }
}

static ULONGLONG rdtsc(void)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (ULONGLONG)high << 32 | low;
}

KTEST(bench_ctxswitch)
{
    KeInitializeEvent(&Ping, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Pong, SynchronizationEvent, FALSE);
    PETHREAD partner = PspTestStartThread(pong_thread, NULL, KeQueryPriorityThread(KeGetCurrentThread()));
    ULONG switchesBefore = partner->Tcb.ContextSwitches;
    ULONGLONG start = rdtsc();
    for (int i = 0; i < PINGPONG_ROUNDS; i++) {
        KeSetEvent(&Ping, 0, FALSE);
        KeWaitForSingleObject(&Pong, Executive, KernelMode, FALSE, NULL);
    }
    ULONGLONG cycles = rdtsc() - start;
    ULONG switches = (partner->Tcb.ContextSwitches - switchesBefore) * 2;
    PspTestJoinThread(partner);
    KT_CHECK(switches >= PINGPONG_ROUNDS);
    if (switches)
        DbgPrint("bench ctxswitch: %u cycles\n", (ULONG)(cycles / switches));
}
