/*
 * The scheduler: one ready queue per priority with a 32-bit summary mask (the highest ready priority
 * is one bsr away), round robin within a priority driven by the clock's quantum, preemption as soon
 * as a better thread becomes ready. All of it runs at DISPATCH_LEVEL, which on one processor is
 * NT's dispatcher lock; switches happen when IRQL falls below DISPATCH_LEVEL.
 */
#include "ke.h"
#include "ketypes.h"
#include "mm.h"

KTHREAD *KiCurrentThread;
static KTHREAD *KiIdleThread;
static LIST_ENTRY KiReadyQueue[MAXIMUM_PRIORITY];
static ULONG KiReadySummary;
static volatile BOOLEAN KiQuantumEndPending;
static KTIMER KiBalanceSetTimer;
static KDPC KiBalanceSetDpc;

#define STARVATION_TICKS    300     /* 3 s of 10 ms ticks */
#define STARVATION_PRIORITY 15

void KiSwapContext(PVOID *saveEsp, PVOID newEsp);

static LONG highest_ready_priority(void)
{
    ULONG index;
    if (!KiReadySummary)
        return -1;
    __asm__("bsrl %1, %0" : "=r"(index) : "rm"(KiReadySummary));
    return (LONG)index;
}

static void assert_dispatch_level(const void *where)
{
    ASSERTMSG(KeGetCurrentIrql() == DISPATCH_LEVEL, IRQL_NOT_LESS_OR_EQUAL,
              where, KeGetCurrentIrql(), 0, __builtin_return_address(0));
}

static void enqueue(KTHREAD *thread, BOOLEAN atHead)
{
    LONG p = thread->Priority;
    ASSERTMSG(thread != KiIdleThread && p > 0 && p < MAXIMUM_PRIORITY, SERVPACK_SCHEDULER_CORRUPT,
              thread, p, thread->State, 1);
    thread->State = Ready;
    thread->ReadyTick = KeTickCount;
    if (atHead)
        InsertHeadList(&KiReadyQueue[p], &thread->WaitListEntry);
    else
        InsertTailList(&KiReadyQueue[p], &thread->WaitListEntry);
    KiReadySummary |= 1u << p;
}

static KTHREAD *dequeue_highest(void)
{
    LONG p = highest_ready_priority();
    if (p < 0)
        return KiIdleThread;
    KTHREAD *thread = CONTAINING_RECORD(RemoveHeadList(&KiReadyQueue[p]), KTHREAD, WaitListEntry);
    if (IsListEmpty(&KiReadyQueue[p]))
        KiReadySummary &= ~(1u << p);
    return thread;
}

static void remove_from_ready_queue(KTHREAD *thread)
{
    LONG p = thread->Priority;
    RemoveEntryList(&thread->WaitListEntry);
    if (IsListEmpty(&KiReadyQueue[p]))
        KiReadySummary &= ~(1u << p);
}

static void switch_to(KTHREAD *next)
{
    KTHREAD *prev = KiCurrentThread;
    next->State = Running;
    if (next == prev)
        return;
    next->ContextSwitches++;
    KiQuantumEndPending = FALSE;        /* a quantum end not yet acted on was prev's, not next's */
    if (next->ApcState.Process->DirectoryTableBase != prev->ApcState.Process->DirectoryTableBase)
        MmSwitchAddressSpace(next->ApcState.Process->DirectoryTableBase);
    KiSetKernelStack((ULONG)next->InitialStack);
    if (next->Teb)                      /* user FS points at the running thread's TEB */
        KeSetTebSelectorBase((ULONG)next->Teb);
    KiCurrentThread = next;
    KiSwapContext(&prev->KernelStack, next->KernelStack);
    /* Running again as prev: kernel APCs queued meanwhile are delivered when IRQL drops. */
    if (KiCurrentThread->ApcState.KernelApcPending)
        KiRequestApcInterrupt();
}

/* The current thread has left the Running state (waiting, ready or terminated): run the best
   ready thread. Returns, with the thread's WaitStatus, when the current thread runs again. */
NTSTATUS KiSwapThread(void)
{
    assert_dispatch_level(KiCurrentThread);
    switch_to(dequeue_highest());
    return KiCurrentThread->WaitStatus;
}

static BOOLEAN should_preempt(void)
{
    LONG best = highest_ready_priority();
    return best > KiCurrentThread->Priority ||
           (KiCurrentThread == KiIdleThread && best >= 0);
}

/* A preempted thread keeps the rest of its quantum and goes back to the head of its queue. */
static void preempt_current(void)
{
    if (KiCurrentThread != KiIdleThread)
        enqueue(KiCurrentThread, TRUE);
    KiSwapThread();
}

/* Quantum end: a variable-priority thread decays one step toward its base priority, then goes
   behind the other ready threads of its priority (round robin) if there are any. */
static void quantum_end(void)
{
    KTHREAD *thread = KiCurrentThread;
    if (thread == KiIdleThread)
        return;
    thread->Quantum = THREAD_QUANTUM;
    if (thread->StarvationBoost)
        KiRemoveStarvationBoost(thread);
    else if (thread->Priority < LOW_REALTIME_PRIORITY && thread->Priority > thread->BasePriority)
        thread->Priority--;
    if (highest_ready_priority() >= thread->Priority) {
        enqueue(thread, FALSE);
        KiSwapThread();
    }
}

/* The DISPATCH software interrupt: quantum end (round robin) and preemption. */
void KiDispatchInterruptHook(void)
{
    assert_dispatch_level(KiCurrentThread);
    if (KiQuantumEndPending) {
        KiQuantumEndPending = FALSE;
        quantum_end();
    }
    if (should_preempt())
        preempt_current();
}

void KiExitDispatcher(KIRQL oldIrql)
{
    if (oldIrql < DISPATCH_LEVEL && should_preempt())
        preempt_current();
    if (oldIrql == PASSIVE_LEVEL && KiKernelApcDeliverable(KiCurrentThread)) {
        KeLowerIrql(APC_LEVEL);
        KiDeliverApc(KernelMode);
    }
    KeLowerIrql(oldIrql);
}

/* The end of a set or release: with wait = TRUE the dispatcher section stays open for the KeWait
   call that must follow (NT's WaitNext), else it ends now. */
void KiExitSignal(KIRQL oldIrql, BOOLEAN wait)
{
    if (wait) {
        KiCurrentThread->WaitNext = TRUE;
        KiCurrentThread->WaitIrql = oldIrql;
    } else {
        KiExitDispatcher(oldIrql);
    }
}

void KiReadyThread(KTHREAD *thread)
{
    enqueue(thread, FALSE);
    if (thread->Priority > KiCurrentThread->Priority)
        KiRequestDispatchInterrupt();
}

void KeReadyThread(KTHREAD *thread)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    ASSERTMSG(thread->State == Initialized, SERVPACK_SCHEDULER_CORRUPT, thread, thread->State, 0, 2);
    KiReadyThread(thread);
    KiExitDispatcher(old);
}

/* Clock tick, at CLOCK_LEVEL: charge the running thread and ask for a reschedule at quantum end. */
void KiUpdateRunTime(void)
{
    KTHREAD *thread = KiCurrentThread;
    if (!thread || thread == KiIdleThread)
        return;
    thread->Quantum -= CLOCK_QUANTUM_DECREMENT;
    if (thread->Quantum <= 0) {
        KiQuantumEndPending = TRUE;
        KiRequestDispatchInterrupt();
    }
}

KPRIORITY KeSetPriorityThread(KTHREAD *thread, KPRIORITY priority)
{
    ASSERTMSG(priority > LOW_PRIORITY && priority < MAXIMUM_PRIORITY, SERVPACK_SCHEDULER_CORRUPT,
              thread, priority, 0, 3);
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KPRIORITY previous = thread->Priority;
    thread->BasePriority = priority;
    thread->StarvationBoost = FALSE;
    if (thread->State == Ready) {
        remove_from_ready_queue(thread);
        thread->Priority = priority;
        KiReadyThread(thread);
    } else {
        thread->Priority = priority;
        if (thread == KiCurrentThread && highest_ready_priority() > priority)
            KiRequestDispatchInterrupt();
    }
    thread->Quantum = THREAD_QUANTUM;
    KiExitDispatcher(old);
    return previous;
}

KPRIORITY KeQueryPriorityThread(KTHREAD *thread)
{
    return thread->Priority;
}

NTSTATUS KeYieldExecution(void)
{
    KIRQL old;
    NTSTATUS status = STATUS_NO_YIELD_PERFORMED;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KTHREAD *thread = KiCurrentThread;
    if (thread != KiIdleThread && highest_ready_priority() >= thread->Priority) {
        thread->Quantum = THREAD_QUANTUM;
        enqueue(thread, FALSE);
        KiSwapThread();
        status = STATUS_SUCCESS;
    }
    KiExitDispatcher(old);
    return status;
}

/* NT's balance set manager against starvation: once a second, a variable-priority thread that has
   been ready for STARVATION_TICKS without running is raised to priority 15 with a double quantum;
   at the end of that quantum (or when it next waits) it drops straight back to its base priority. */
static void scan_ready_queues(KDPC *dpc, PVOID context, PVOID arg1, PVOID arg2)
{
    for (LONG p = 1; p < STARVATION_PRIORITY; p++) {
        LIST_ENTRY *entry = KiReadyQueue[p].Flink;
        while (entry != &KiReadyQueue[p]) {
            KTHREAD *thread = CONTAINING_RECORD(entry, KTHREAD, WaitListEntry);
            entry = entry->Flink;
            if (KeTickCount - thread->ReadyTick < STARVATION_TICKS)
                continue;
            remove_from_ready_queue(thread);
            thread->Priority = STARVATION_PRIORITY;
            thread->Quantum = 2 * THREAD_QUANTUM;
            thread->StarvationBoost = TRUE;
            KiReadyThread(thread);
        }
    }
}

void KiRemoveStarvationBoost(KTHREAD *thread)
{
    thread->StarvationBoost = FALSE;
    thread->Priority = thread->BasePriority;
}

void KiInitializeScheduler(KTHREAD *idleThread, KPROCESS *idleProcess, PVOID bootStackTop,
                           PVOID bootStackLimit)
{
    for (int p = 0; p < MAXIMUM_PRIORITY; p++)
        InitializeListHead(&KiReadyQueue[p]);
    KeInitializeThread(idleThread, bootStackTop, bootStackLimit, NULL, NULL, NULL, idleProcess);
    idleThread->Priority = idleThread->BasePriority = LOW_PRIORITY;
    idleThread->State = Running;
    KiIdleThread = idleThread;
    KiCurrentThread = idleThread;
    KiSetKernelStack((ULONG)bootStackTop);
    KeInitializeTimer(&KiBalanceSetTimer);
    KeInitializeDpc(&KiBalanceSetDpc, scan_ready_queues, NULL);
    KeSetTimerEx(&KiBalanceSetTimer, -10000000, 1000, &KiBalanceSetDpc);
}

/* The idle thread: halts until an interrupt readies someone; the interrupt's exit preempts it. */
void KiIdleLoop(void)
{
    for (;;) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        KiExitDispatcher(old);
        __asm__ volatile("sti; hlt");
    }
}
