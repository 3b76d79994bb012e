/*
 * Waiting on dispatcher objects. A waiting thread links one wait block per object into the objects'
 * wait lists (plus one into its own timer's list for a timeout). Whoever signals an object runs
 * KiWaitTest, which satisfies the waiters it can (consuming the signal of a synchronization
 * object on their behalf, as NT does) and readies them with the status their wait returns.
 */
#include "ke.h"
#include "ketypes.h"


#define TIMEOUT_WAIT_BLOCK THREAD_WAIT_OBJECTS

void KiInitializeDispatcherHeader(DISPATCHER_HEADER *header, UCHAR type, ULONG bytes, LONG state)
{
    header->Type = type;
    header->Absolute = FALSE;
    header->Size = (UCHAR)(bytes / sizeof(ULONG));
    header->Inserted = FALSE;
    header->SignalState = state;
    InitializeListHead(&header->WaitListHead);
}

static BOOLEAN is_signalled_for(DISPATCHER_HEADER *header, KTHREAD *thread)
{
    if (header->Type == MutantObject)
        return header->SignalState > 0 || ((KMUTANT *)header)->OwnerThread == thread;
    return header->SignalState > 0;
}

/* Consumes the object's signal for `thread`; returns STATUS_ABANDONED if it was an abandoned mutant. */
static NTSTATUS satisfy(DISPATCHER_HEADER *header, KTHREAD *thread)
{
    switch (header->Type) {
    case EventSynchronizationObject:
    case TimerSynchronizationObject:
        header->SignalState = 0;
        break;
    case SemaphoreObject:
        header->SignalState--;
        break;
    case MutantObject: {
        KMUTANT *mutant = (KMUTANT *)header;
        if (--header->SignalState == 0) {
            mutant->OwnerThread = thread;
            thread->KernelApcDisable -= mutant->ApcDisable;
            InsertTailList(&thread->MutantListHead, &mutant->MutantListEntry);
            if (mutant->Abandoned) {
                mutant->Abandoned = FALSE;
                return STATUS_ABANDONED;
            }
        }
        break;
    }
    default:
        break;                          /* notification objects, threads, processes stay signalled */
    }
    return STATUS_SUCCESS;
}

static BOOLEAN all_signalled(KWAIT_BLOCK *first, KTHREAD *thread)
{
    KWAIT_BLOCK *wb = first;
    do {
        if (!is_signalled_for(wb->Object, thread))
            return FALSE;
        wb = wb->NextWaitBlock;
    } while (wb != first);
    return TRUE;
}

static void satisfy_all(KWAIT_BLOCK *first, KTHREAD *thread)
{
    KWAIT_BLOCK *wb = first;
    do {
        satisfy(wb->Object, thread);
        wb = wb->NextWaitBlock;
    } while (wb != first);
}

void KiUnwaitThread(KTHREAD *thread, NTSTATUS status, KPRIORITY increment)
{
    KWAIT_BLOCK *first = thread->WaitBlockList, *wb = first;
    if (first) {
        do {
            RemoveEntryList(&wb->WaitListEntry);
            wb = wb->NextWaitBlock;
        } while (wb != first);
    }
    KiRemoveTimer(&thread->Timer);
    if (!IsListEmpty(&thread->Timer.Header.WaitListHead))
        RemoveEntryList(&thread->WaitBlock[TIMEOUT_WAIT_BLOCK].WaitListEntry);
    thread->WaitBlockList = NULL;
    thread->WaitStatus = status;
    if (thread->StarvationBoost)
        KiRemoveStarvationBoost(thread);
    if (thread->Priority < LOW_REALTIME_PRIORITY && increment > 0) {
        KPRIORITY boosted = thread->BasePriority + increment;
        if (boosted > LOW_REALTIME_PRIORITY - 1)
            boosted = LOW_REALTIME_PRIORITY - 1;
        if (boosted > thread->Priority)
            thread->Priority = boosted;
    }
    thread->Quantum = THREAD_QUANTUM;
    KiReadyThread(thread);
}

void KiWaitTest(PVOID object, KPRIORITY increment)
{
    DISPATCHER_HEADER *header = object;
    LIST_ENTRY *entry = header->WaitListHead.Flink;
    while (header->SignalState > 0 && entry != &header->WaitListHead) {
        KWAIT_BLOCK *wb = CONTAINING_RECORD(entry, KWAIT_BLOCK, WaitListEntry);
        KTHREAD *thread = wb->Thread;
        entry = entry->Flink;
        if (wb->WaitType == WaitAny) {
            NTSTATUS status = satisfy(header, thread);
            KiUnwaitThread(thread, status | wb->WaitKey, increment);
        } else if (all_signalled(thread->WaitBlockList, thread)) {
            satisfy_all(thread->WaitBlockList, thread);
            KiUnwaitThread(thread, STATUS_WAIT_0, increment);
        } else {
            continue;
        }
        entry = header->WaitListHead.Flink;   /* the unwait changed the list */
    }
}

/* Tries to complete the wait without blocking; returns TRUE with *status set if it could. */
static BOOLEAN try_satisfy(ULONG count, PVOID objects[], WAIT_TYPE type, KTHREAD *thread,
                           NTSTATUS *status)
{
    if (type == WaitAny) {
        for (ULONG i = 0; i < count; i++) {
            if (is_signalled_for(objects[i], thread)) {
                *status = satisfy(objects[i], thread) | (NTSTATUS)i;
                return TRUE;
            }
        }
        return FALSE;
    }
    for (ULONG i = 0; i < count; i++)
        if (!is_signalled_for(objects[i], thread))
            return FALSE;
    for (ULONG i = 0; i < count; i++)
        satisfy(objects[i], thread);
    *status = STATUS_WAIT_0;
    return count > 0;
}

static void link_wait_blocks(ULONG count, PVOID objects[], WAIT_TYPE type, KWAIT_BLOCK *blocks,
                             KTHREAD *thread)
{
    thread->WaitBlockList = count ? &blocks[0] : NULL;
    for (ULONG i = 0; i < count; i++) {
        KWAIT_BLOCK *wb = &blocks[i];
        DISPATCHER_HEADER *header = objects[i];
        wb->Thread = thread;
        wb->Object = objects[i];
        wb->WaitKey = (USHORT)i;
        wb->WaitType = (USHORT)type;
        wb->NextWaitBlock = &blocks[(i + 1) % count];
        InsertTailList(&header->WaitListHead, &wb->WaitListEntry);
    }
}

static void arm_timeout(KTHREAD *thread, ULONGLONG dueTime)
{
    KWAIT_BLOCK *wb = &thread->WaitBlock[TIMEOUT_WAIT_BLOCK];
    wb->Thread = thread;
    wb->Object = &thread->Timer;
    wb->WaitKey = (USHORT)STATUS_TIMEOUT;
    wb->WaitType = WaitAny;
    wb->NextWaitBlock = wb;
    InsertTailList(&thread->Timer.Header.WaitListHead, &wb->WaitListEntry);
    KiInsertTimer(&thread->Timer, dueTime);
}

static void check_wait_arguments(ULONG count, PVOID objects[], KWAIT_BLOCK *waitBlockArray,
                                 KIRQL irql, const LONGLONG *timeout, PVOID caller)
{
    if (count > MAXIMUM_WAIT_OBJECTS || (count > THREAD_WAIT_OBJECTS && !waitBlockArray))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, count, (ULONG_PTR)waitBlockArray, 0,
                     (ULONG_PTR)caller);
    if (irql > DISPATCH_LEVEL || (irql == DISPATCH_LEVEL && !(timeout && *timeout == 0)))
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, count ? (ULONG_PTR)objects[0] : 0, irql, 0,
                     (ULONG_PTR)caller);
}

/* Runs pending kernel APCs before (re)starting a wait at PASSIVE_LEVEL, as NT does. */
static void deliver_kernel_apcs(void)
{
    KIRQL ignored;
    KeLowerIrql(APC_LEVEL);
    KiDeliverApc(KernelMode);
    KeRaiseIrql(DISPATCH_LEVEL, &ignored);
}

static NTSTATUS wait_loop(ULONG count, PVOID objects[], WAIT_TYPE type, KWAIT_REASON reason,
                          KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *timeout,
                          KWAIT_BLOCK *blocks, KIRQL oldIrql)
{
    KTHREAD *thread = KeGetCurrentThread();
    ULONGLONG due = timeout ? KiDueInterruptTime(*timeout) : 0;
    NTSTATUS status;
    for (;;) {
        if (oldIrql == PASSIVE_LEVEL && KiKernelApcDeliverable(thread)) {
            deliver_kernel_apcs();
            continue;
        }
        if (alertable && mode == UserMode && thread->ApcState.UserApcPending)
            return STATUS_USER_APC;
        if (try_satisfy(count, objects, type, thread, &status))
            return status;
        if (timeout && (*timeout == 0 || KeQueryInterruptTime() >= due))
            return STATUS_TIMEOUT;
        link_wait_blocks(count, objects, type, blocks, thread);
        if (timeout)
            arm_timeout(thread, due);
        thread->WaitIrql = oldIrql;
        thread->WaitMode = mode;
        thread->Alertable = alertable;
        thread->WaitReason = (UCHAR)reason;
        thread->State = Waiting;
        status = KiSwapThread();
        if (status != STATUS_KERNEL_APC)
            return status;
    }
}

static NTSTATUS wait_for_objects(ULONG count, PVOID objects[], WAIT_TYPE type, KWAIT_REASON reason,
                                 KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *timeout,
                                 KWAIT_BLOCK *waitBlockArray, PVOID caller)
{
    KTHREAD *thread = KeGetCurrentThread();
    KIRQL oldIrql;
    if (thread->WaitNext) {
        thread->WaitNext = FALSE;       /* KeSetEvent(..., TRUE) kept DISPATCH_LEVEL for us */
        oldIrql = thread->WaitIrql;
    } else {
        oldIrql = KeGetCurrentIrql();
        check_wait_arguments(count, objects, waitBlockArray, oldIrql, timeout, caller);
        KIRQL ignored;
        KeRaiseIrql(DISPATCH_LEVEL, &ignored);
    }
    KWAIT_BLOCK *blocks = waitBlockArray ? waitBlockArray : thread->WaitBlock;
    NTSTATUS status = wait_loop(count, objects, type, reason, mode, alertable, timeout, blocks, oldIrql);
    KiExitDispatcher(oldIrql);
    return status;
}

NTSTATUS KeWaitForMultipleObjects(ULONG count, PVOID objects[], WAIT_TYPE type, KWAIT_REASON reason,
                                  KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *timeout,
                                  KWAIT_BLOCK *waitBlockArray)
{
    return wait_for_objects(count, objects, type, reason, mode, alertable, timeout, waitBlockArray,
                            __builtin_return_address(0));
}

NTSTATUS KeWaitForSingleObject(PVOID object, KWAIT_REASON reason, KPROCESSOR_MODE mode,
                               BOOLEAN alertable, const LONGLONG *timeout)
{
    PVOID objects[1] = { object };
    return wait_for_objects(1, objects, WaitAny, reason, mode, alertable, timeout, NULL,
                            __builtin_return_address(0));
}

/* A zero interval yields; otherwise the thread sleeps on its own timer. */
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE mode, BOOLEAN alertable, const LONGLONG *interval)
{
    if (*interval == 0) {
        KeYieldExecution();
        return STATUS_SUCCESS;
    }
    NTSTATUS status = wait_for_objects(0, NULL, WaitAny, DelayExecution, mode, alertable, interval,
                                       NULL, __builtin_return_address(0));
    return status == STATUS_TIMEOUT ? STATUS_SUCCESS : status;
}
