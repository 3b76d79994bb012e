/*
 * In-kernel tests of the dispatcher objects and waits: timeouts, events, semaphores and mutexes
 * under clock preemption, timers with DPCs, kernel APCs, and the bugchecks of misused waits.
 */
#include "pstest.h"
#include "hal.h"
#include "ktest.h"
#include "rtl.h"

/* ---- timeouts ---- */
KTEST(wait_timeout)
{
    KEVENT event;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    LONGLONG zero = 0, fifty = -500000;                     /* 0 and 50 ms */
    ULONG start = KeTickCount;
    KT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_TIMEOUT);
    KT_CHECK(KeTickCount - start <= 1);
    start = KeTickCount;
    KT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &fifty), STATUS_TIMEOUT);
    ULONG ticks = KeTickCount - start;
    DbgPrint("  50 ms timeout took %u ticks of 10 ms\n", ticks);
    KT_CHECK(ticks >= 4 && ticks <= 7);
    start = KeTickCount;
    PspTestDelay(100);
    ticks = KeTickCount - start;
    DbgPrint("  100 ms delay took %u ticks\n", ticks);
    KT_CHECK(ticks >= 9 && ticks <= 12);
    LONGLONG due;
    KeQuerySystemTime(&due);
    due += 300000;                                          /* absolute: now + 30 ms */
    start = KeTickCount;
    KT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &due), STATUS_TIMEOUT);
    ticks = KeTickCount - start;
    KT_CHECK(ticks >= 2 && ticks <= 5);
    KeSetEvent(&event, 0, FALSE);
    KT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &zero), STATUS_WAIT_0);
}

/* ---- events: a notification event releases all waiters, a synchronization event one ---- */
static KEVENT TestEvent;
static volatile LONG Woken;

static void wait_on_test_event(PVOID context)
{
    KeWaitForSingleObject(&TestEvent, Executive, KernelMode, FALSE, NULL);
    __atomic_add_fetch(&Woken, 1, __ATOMIC_RELAXED);
}

static void run_event_test(EVENT_TYPE type, LONG expectedPerSet, LONG sets)
{
    PETHREAD threads[3];
    Woken = 0;
    KeInitializeEvent(&TestEvent, type, FALSE);
    for (int i = 0; i < 3; i++)
        threads[i] = PspTestStartThread(wait_on_test_event, NULL, 9);   /* they run and block at once */
    KT_EQ(Woken, 0);
    for (LONG s = 1; s <= sets; s++) {
        KeSetEvent(&TestEvent, EVENT_INCREMENT, FALSE);
        PspTestDelay(20);
        KT_EQ(Woken, s * expectedPerSet);
    }
    KT_EQ(KeReadStateEvent(&TestEvent), type == NotificationEvent ? 1 : 0);
    for (int i = 0; i < 3; i++)
        PspTestJoinThread(threads[i]);
}

KTEST(event_notification)
{
    run_event_test(NotificationEvent, 3, 1);
}

KTEST(event_synchronization)
{
    run_event_test(SynchronizationEvent, 1, 3);
}

KTEST(event_pulse)
{
    Woken = 0;
    KeInitializeEvent(&TestEvent, NotificationEvent, FALSE);
    PETHREAD a = PspTestStartThread(wait_on_test_event, NULL, 9), b = PspTestStartThread(wait_on_test_event, NULL, 9);
    KePulseEvent(&TestEvent, 0, FALSE);
    PspTestDelay(20);
    KT_EQ(Woken, 2);
    KT_EQ(KeReadStateEvent(&TestEvent), 0);
    PspTestJoinThread(a);
    PspTestJoinThread(b);
}

/* ---- KeSetEvent(..., Wait = TRUE): setting and starting the next wait are one step, so a
   higher-priority thread woken by the set finds the setter already waiting ---- */
static KEVENT Request, Reply;
static volatile ULONG SetterStateSeen;

static void answer_request(PVOID setter)
{
    KeWaitForSingleObject(&Request, Executive, KernelMode, FALSE, NULL);
    SetterStateSeen = ((PKTHREAD)setter)->State;
    KeSetEvent(&Reply, 0, FALSE);
}

static ULONG setter_state_seen(BOOLEAN wait)
{
    KeInitializeEvent(&Request, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Reply, SynchronizationEvent, FALSE);
    PETHREAD helper = PspTestStartThread(answer_request, KeGetCurrentThread(), 12);
    KeSetEvent(&Request, 0, wait);
    KeWaitForSingleObject(&Reply, Executive, KernelMode, FALSE, NULL);
    PspTestJoinThread(helper);
    return SetterStateSeen;
}

KTEST(event_set_and_wait)
{
    KT_EQ(setter_state_seen(FALSE), Ready);                 /* preempted by the set */
    KT_EQ(setter_state_seen(TRUE), Waiting);                /* already waiting for the reply */
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* ---- a mutex keeps a read-modify-write exact while the clock preempts the threads ---- */
#define COUNTER_THREADS 4
#define COUNTER_ROUNDS 300
static KMUTANT CounterMutex;
static volatile ULONG Counter, Preempted;

static void increment_counter(PVOID context)
{
    for (int i = 0; i < COUNTER_ROUNDS; i++) {
        KeWaitForSingleObject(&CounterMutex, Executive, KernelMode, FALSE, NULL);
        KeWaitForSingleObject(&CounterMutex, Executive, KernelMode, FALSE, NULL);   /* recursion */
        ULONG value = Counter;
        ULONG tick = KeTickCount;
        while (KeTickCount == tick && (i & 7) == 0)         /* sometimes hold it across a tick */
            ;
        if (KeTickCount != tick)
            Preempted++;
        Counter = value + 1;
        KeReleaseMutant(&CounterMutex, 0, FALSE, FALSE);
        KeReleaseMutant(&CounterMutex, 0, FALSE, FALSE);
    }
}

KTEST(mutex_counter)
{
    PETHREAD threads[COUNTER_THREADS];
    Counter = Preempted = 0;
    KeInitializeMutant(&CounterMutex, FALSE);
    for (int i = 0; i < COUNTER_THREADS; i++)
        threads[i] = PspTestStartThread(increment_counter, NULL, 7);
    for (int i = 0; i < COUNTER_THREADS; i++)
        PspTestJoinThread(threads[i]);
    DbgPrint("  counter %u, %u critical sections spanned a clock tick\n", Counter, Preempted);
    KT_EQ(Counter, COUNTER_THREADS * COUNTER_ROUNDS);
    KT_CHECK(Preempted > 0);
    KT_EQ(KeReadStateMutant(&CounterMutex), 1);
    KT_EQ(CounterMutex.OwnerThread, NULL);
}

/* ---- a semaphore admits at most its count ---- */
static KSEMAPHORE Gate;
static volatile LONG Inside, MostInside;

static void pass_gate(PVOID context)
{
    for (int i = 0; i < 20; i++) {
        KeWaitForSingleObject(&Gate, Executive, KernelMode, FALSE, NULL);
        LONG now = __atomic_add_fetch(&Inside, 1, __ATOMIC_RELAXED);
        if (now > MostInside)
            MostInside = now;
        PspTestDelay(i % 3 * 10);
        __atomic_sub_fetch(&Inside, 1, __ATOMIC_RELAXED);
        KeReleaseSemaphore(&Gate, SEMAPHORE_INCREMENT, 1, FALSE);
    }
}

KTEST(semaphore_gate)
{
    PETHREAD threads[5];
    Inside = MostInside = 0;
    KeInitializeSemaphore(&Gate, 2, 2);
    for (int i = 0; i < 5; i++)
        threads[i] = PspTestStartThread(pass_gate, NULL, 8);
    for (int i = 0; i < 5; i++)
        PspTestJoinThread(threads[i]);
    KT_EQ(MostInside, 2);
    KT_EQ(KeReadStateSemaphore(&Gate), 2);
    LONG previous;
    KT_EQ(KeReleaseSemaphoreChecked(&Gate, 0, 1, FALSE, &previous), STATUS_SEMAPHORE_LIMIT_EXCEEDED);
    KT_EQ(KeReadStateSemaphore(&Gate), 2);
}

/* ---- WaitAny returns the index of a signalled object, WaitAll waits for every one ---- */
KTEST(wait_multiple)
{
    KEVENT events[5];
    PVOID objects[5];
    KWAIT_BLOCK blocks[5];
    LONGLONG zero = 0;
    for (int i = 0; i < 5; i++) {
        KeInitializeEvent(&events[i], SynchronizationEvent, FALSE);
        objects[i] = &events[i];
    }
    KeSetEvent(&events[3], 0, FALSE);
    KT_EQ(KeWaitForMultipleObjects(5, objects, WaitAny, Executive, KernelMode, FALSE, &zero, blocks),
          STATUS_WAIT_0 + 3);
    KT_EQ(KeReadStateEvent(&events[3]), 0);                 /* the wait consumed it */
    for (int i = 0; i < 4; i++)
        KeSetEvent(&events[i], 0, FALSE);
    KT_EQ(KeWaitForMultipleObjects(5, objects, WaitAll, Executive, KernelMode, FALSE, &zero, blocks),
          STATUS_TIMEOUT);
    KT_EQ(KeReadStateEvent(&events[0]), 1);                 /* a failed WaitAll consumes nothing */
    KeSetEvent(&events[4], 0, FALSE);
    KT_EQ(KeWaitForMultipleObjects(5, objects, WaitAll, Executive, KernelMode, FALSE, &zero, blocks),
          STATUS_WAIT_0);
    for (int i = 0; i < 5; i++)
        KT_EQ(KeReadStateEvent(&events[i]), 0);
}

/* ---- blocking WaitAll: the waiter wakes only when the last object is signalled, and takes the
   signal of each synchronization object; a blocked WaitAny wakes with the index of the one set ---- */
static KEVENT Parts[4];
static KSEMAPHORE Tokens;
static volatile NTSTATUS AllStatus;
static volatile ULONG AllWokeAfter;

static void wait_for_all(PVOID context)
{
    PVOID objects[5] = { &Parts[0], &Parts[1], &Parts[2], &Parts[3], &Tokens };
    KWAIT_BLOCK blocks[5];
    AllStatus = KeWaitForMultipleObjects(5, objects, WaitAll, Executive, KernelMode, FALSE, NULL, blocks);
    AllWokeAfter = KeTickCount;
}

KTEST(wait_all_blocking)
{
    KeInitializeEvent(&Parts[0], SynchronizationEvent, FALSE);
    KeInitializeEvent(&Parts[1], SynchronizationEvent, FALSE);
    KeInitializeEvent(&Parts[2], NotificationEvent, FALSE);
    KeInitializeEvent(&Parts[3], NotificationEvent, FALSE);
    KeInitializeSemaphore(&Tokens, 0, 5);
    AllStatus = STATUS_PENDING;
    PETHREAD waiter = PspTestStartThread(wait_for_all, NULL, 9);
    KeSetEvent(&Parts[0], 0, FALSE);
    KeSetEvent(&Parts[2], 0, FALSE);
    KeReleaseSemaphore(&Tokens, 0, 2, FALSE);
    KeSetEvent(&Parts[3], 0, FALSE);
    PspTestDelay(20);
    KT_EQ(AllStatus, STATUS_PENDING);                       /* Parts[1] still missing */
    KT_EQ(KeReadStateEvent(&Parts[0]), 1);                  /* nothing consumed meanwhile */
    ULONG setTick = KeTickCount;
    KeSetEvent(&Parts[1], 0, FALSE);                        /* the waiter (9) preempts us here */
    KT_EQ(AllStatus, STATUS_WAIT_0);
    KT_CHECK(AllWokeAfter - setTick <= 1);
    KT_EQ(KeReadStateEvent(&Parts[0]), 0);                  /* synchronization events consumed */
    KT_EQ(KeReadStateEvent(&Parts[1]), 0);
    KT_EQ(KeReadStateEvent(&Parts[2]), 1);                  /* notification events stay set */
    KT_EQ(KeReadStateSemaphore(&Tokens), 1);                /* one token taken */
    PspTestJoinThread(waiter);

    PVOID objects[3] = { &Parts[0], &Parts[1], &Tokens };
    LONGLONG timeout = -300000;                             /* 30 ms */
    KeResetEvent(&Parts[1]);
    KeReleaseSemaphore(&Tokens, 0, 1, FALSE);
    KeWaitForSingleObject(&Tokens, Executive, KernelMode, FALSE, NULL);
    KeWaitForSingleObject(&Tokens, Executive, KernelMode, FALSE, NULL);   /* now empty */
    KT_EQ(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, &timeout, NULL),
          STATUS_TIMEOUT);
    KeReleaseSemaphore(&Tokens, 0, 1, FALSE);
    KT_EQ(KeWaitForMultipleObjects(3, objects, WaitAny, Executive, KernelMode, FALSE, &timeout, NULL),
          STATUS_WAIT_0 + 2);
}

/* ---- an owner that terminates abandons its mutant; the next owner learns it ---- */
static KMUTANT Orphan;

static void take_and_die(PVOID context)
{
    KeWaitForSingleObject(&Orphan, Executive, KernelMode, FALSE, NULL);
}

KTEST(mutex_abandoned)
{
    KeInitializeMutant(&Orphan, FALSE);
    PspTestJoinThread(PspTestStartThread(take_and_die, NULL, 9));
    KT_EQ(KeReadStateMutant(&Orphan), 1);
    KT_EQ(KeWaitForSingleObject(&Orphan, Executive, KernelMode, FALSE, NULL), STATUS_ABANDONED);
    KT_EQ(Orphan.OwnerThread, KeGetCurrentThread());
    KeReleaseMutant(&Orphan, 0, FALSE, FALSE);
    KT_EQ(KeWaitForSingleObject(&Orphan, Executive, KernelMode, FALSE, NULL), STATUS_WAIT_0);
    KeReleaseMutant(&Orphan, 0, FALSE, FALSE);
}

/* ---- timers: expiry wakes waiters and queues the DPC; cancel stops them; periods repeat ---- */
static volatile ULONG DpcRuns, DpcIrql, DpcTick;

static void count_dpc(KDPC *dpc, PVOID context, PVOID arg1, PVOID arg2)
{
    DpcRuns++;
    DpcIrql = KeGetCurrentIrql();
    DpcTick = KeTickCount;
}

KTEST(timer_dpc)
{
    KTIMER timer;
    KDPC dpc;
    KeInitializeTimer(&timer);
    KeInitializeDpc(&dpc, count_dpc, NULL);
    DpcRuns = 0;
    ULONG start = KeTickCount;
    KT_EQ(KeSetTimer(&timer, -300000, &dpc), FALSE);        /* 30 ms */
    KT_EQ(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, NULL), STATUS_WAIT_0);
    KT_EQ(DpcRuns, 1);
    KT_EQ(DpcIrql, DISPATCH_LEVEL);
    KT_CHECK(DpcTick - start >= 3 && DpcTick - start <= 5);
    KT_CHECK(KeReadStateTimer(&timer));

    KeSetTimer(&timer, -200000, &dpc);
    KT_EQ(KeCancelTimer(&timer), TRUE);
    PspTestDelay(50);
    KT_EQ(DpcRuns, 1);
    KT_CHECK(!KeReadStateTimer(&timer));

    KeSetTimerEx(&timer, -100000, 20, &dpc);                /* 10 ms, then every 20 ms */
    PspTestDelay(105);
    KeCancelTimer(&timer);
    DbgPrint("  periodic timer fired %u times in 105 ms\n", DpcRuns - 1);
    KT_CHECK(DpcRuns - 1 >= 4 && DpcRuns - 1 <= 7);
}

/* ---- kernel APCs run in the target thread: normal ones at PASSIVE_LEVEL, even in a wait ---- */
static KEVENT ApcTargetGo;
static volatile PKTHREAD ApcRanIn;
static volatile ULONG ApcKernelIrql, ApcNormalIrql, ApcNormalRuns, SpecialRuns;
static volatile NTSTATUS ApcTargetWait;

static void apc_kernel_routine(PKAPC apc, PKNORMAL_ROUTINE *normal, PVOID *context, PVOID *a1, PVOID *a2)
{
    ApcKernelIrql = KeGetCurrentIrql();
    if (!*normal)
        SpecialRuns++;
}

static void apc_normal_routine(PVOID context, PVOID a1, PVOID a2)
{
    ApcRanIn = KeGetCurrentThread();
    ApcNormalIrql = KeGetCurrentIrql();
    ApcNormalRuns += (ULONG)a1;
}

static void apc_target(PVOID context)
{
    ApcTargetWait = KeWaitForSingleObject(&ApcTargetGo, Executive, KernelMode, FALSE, NULL);
}

KTEST(apc_kernel)
{
    KAPC apc;
    KeInitializeEvent(&ApcTargetGo, NotificationEvent, FALSE);
    ApcNormalRuns = 0;
    ApcKernelIrql = ApcNormalIrql = 0xFF;
    PETHREAD target = PspTestStartThread(apc_target, NULL, 9);    /* now blocked in its wait */
    KeInitializeApc(&apc, &target->Tcb, OriginalApcEnvironment, apc_kernel_routine, NULL,
                    apc_normal_routine, KernelMode, NULL);
    KT_CHECK(KeInsertQueueApc(&apc, (PVOID)5, NULL, 0));
    PspTestDelay(10);
    KT_EQ(ApcNormalRuns, 5);
    KT_EQ(ApcRanIn, &target->Tcb);
    KT_EQ(ApcKernelIrql, APC_LEVEL);
    KT_EQ(ApcNormalIrql, PASSIVE_LEVEL);
    KT_EQ(target->Tcb.State, Waiting);                      /* back in its wait afterwards */
    KeSetEvent(&ApcTargetGo, 0, FALSE);
    PspTestJoinThread(target);
    KT_EQ(ApcTargetWait, STATUS_WAIT_0);
}

/* Inside a critical region only special APCs run; normal ones wait for the region's end. */
KTEST(apc_critical_region)
{
    KAPC normal, special;
    PKTHREAD self = KeGetCurrentThread();
    ApcNormalRuns = SpecialRuns = 0;
    KeInitializeApc(&normal, self, OriginalApcEnvironment, apc_kernel_routine, NULL,
                    apc_normal_routine, KernelMode, NULL);
    KeInitializeApc(&special, self, OriginalApcEnvironment, apc_kernel_routine, NULL, NULL,
                    KernelMode, NULL);
    KeEnterCriticalRegion();
    KeInsertQueueApc(&normal, (PVOID)1, NULL, 0);
    KeInsertQueueApc(&special, NULL, NULL, 0);
    KT_EQ(SpecialRuns, 1);
    KT_EQ(ApcNormalRuns, 0);
    KT_CHECK(!KeInsertQueueApc(&normal, (PVOID)1, NULL, 0));   /* already queued */
    KeLeaveCriticalRegion();
    KT_EQ(ApcNormalRuns, 1);
    KT_EQ(ApcRanIn, self);
}

/* ---- misuse: each of these ends in a bugcheck (checked by tests/suites/sched.py), so they run
   only when named alone (ktest=NAME), never under ktest=all ---- */
static BOOLEAN run_alone(const char *name)
{
    char which[64];
    if (KiGetBootOption(KeBootInfo.CommandLine, "ktest", which, sizeof which) && strcmp(which, name) == 0)
        return TRUE;
    DbgPrint("  skipped: it ends in a bugcheck; boot with ktest=%s\n", name);
    return FALSE;
}

/* The STOP line the test predicts; <caller> stands for the calling code's address. */
static void expect_stop(ULONG code, const char *format, ULONG p1, ULONG p2)
{
    char params[64];
    RtlFormat(params, sizeof params, format, p1, p2);
    DbgPrint("expect STOP: 0x%08X (%s)\n", code, params);
}

KTEST(wait_at_dispatch)
{
    if (!run_alone("wait_at_dispatch"))
        return;
    KEVENT event;
    KIRQL old;
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    expect_stop(IRQL_NOT_LESS_OR_EQUAL, "0x%08X,0x%08X,0x00000000,<caller>", (ULONG)&event, DISPATCH_LEVEL);
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    KtFail(__FILE__, __LINE__, "the wait returned");
}

KTEST(wait_too_many)
{
    if (!run_alone("wait_too_many"))
        return;
    KEVENT event;
    PVOID objects[4];
    KeInitializeEvent(&event, NotificationEvent, TRUE);
    for (int i = 0; i < 4; i++)
        objects[i] = &event;
    /* more than THREAD_WAIT_OBJECTS without a wait block array */
    expect_stop(MAXIMUM_WAIT_OBJECTS_EXCEEDED, "0x%08X,0x00000000,0x00000000,<caller>", 4, 0);
    KeWaitForMultipleObjects(4, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
    KtFail(__FILE__, __LINE__, "the wait returned");
}

static KMUTANT Owned;
static void take_and_wait(PVOID context)
{
    KeWaitForSingleObject(&Owned, Executive, KernelMode, FALSE, NULL);
    KeWaitForSingleObject(context, Executive, KernelMode, FALSE, NULL);
}

KTEST(mutant_not_owned)
{
    if (!run_alone("mutant_not_owned"))
        return;
    KEVENT never;
    KeInitializeEvent(&never, NotificationEvent, FALSE);
    KeInitializeMutant(&Owned, FALSE);
    PETHREAD owner = PspTestStartThread(take_and_wait, &never, 9);
    expect_stop(KMODE_EXCEPTION_NOT_HANDLED, "0xC0000046,<caller>,0x%08X,0x%08X", (ULONG)&Owned,
                (ULONG)&owner->Tcb);
    KeReleaseMutant(&Owned, 0, FALSE, FALSE);
    KtFail(__FILE__, __LINE__, "the release returned");
}

KTEST(semaphore_limit)
{
    if (!run_alone("semaphore_limit"))
        return;
    KSEMAPHORE full;
    KeInitializeSemaphore(&full, 1, 1);
    /* NT raises STATUS_SEMAPHORE_LIMIT_EXCEEDED; unhandled in kernel mode */
    expect_stop(KMODE_EXCEPTION_NOT_HANDLED, "0xC0000047,<caller>,0x%08X,0x%08X", (ULONG)&full, 1);
    KeReleaseSemaphore(&full, 0, 1, FALSE);
    KtFail(__FILE__, __LINE__, "the release returned");
}
