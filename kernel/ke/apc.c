/*
 * Asynchronous procedure calls: run a routine in the context of a chosen thread. Kernel APCs are
 * delivered when that thread runs below APC_LEVEL (a waiting thread at PASSIVE_LEVEL is woken to
 * take them and then resumes its wait); special kernel APCs even inside critical regions. User
 * APCs are only queued here: the user-mode side delivers them on the way back to ring 3, and an
 * alertable user-mode wait returns STATUS_USER_APC for them.
 */
#include "ke.h"
#include "ketypes.h"

void KeInitializeApc(KAPC *apc, KTHREAD *thread, KAPC_ENVIRONMENT environment,
                     PKKERNEL_ROUTINE kernelRoutine, PKRUNDOWN_ROUTINE rundownRoutine,
                     PKNORMAL_ROUTINE normalRoutine, KPROCESSOR_MODE mode, PVOID normalContext)
{
    apc->Type = ApcObject;
    apc->Thread = thread;
    apc->KernelRoutine = kernelRoutine;
    apc->RundownRoutine = rundownRoutine;
    apc->NormalRoutine = normalRoutine;
    apc->ApcMode = normalRoutine ? mode : KernelMode;
    apc->NormalContext = normalRoutine ? normalContext : NULL;
    apc->Inserted = FALSE;
}

static BOOLEAN is_special(const KAPC *apc)
{
    return apc->ApcMode == KernelMode && apc->NormalRoutine == NULL;
}

/* Special kernel APCs queue ahead of normal ones, in order among themselves. */
static void queue_apc(KAPC *apc)
{
    LIST_ENTRY *head = &apc->Thread->ApcState.ApcListHead[apc->ApcMode];
    LIST_ENTRY *entry = head->Flink;
    if (is_special(apc))
        while (entry != head && is_special(CONTAINING_RECORD(entry, KAPC, ApcListEntry)))
            entry = entry->Flink;
    else
        entry = head;
    InsertTailList(entry, &apc->ApcListEntry);      /* just before `entry` */
    apc->Inserted = TRUE;
}

BOOLEAN KiKernelApcDeliverable(KTHREAD *thread)
{
    LIST_ENTRY *head = &thread->ApcState.ApcListHead[KernelMode];
    if (IsListEmpty(head))
        return FALSE;
    KAPC *first = CONTAINING_RECORD(head->Flink, KAPC, ApcListEntry);
    return is_special(first) || (thread->KernelApcDisable == 0 && !thread->ApcState.KernelApcInProgress);
}

static void signal_target(KAPC *apc, KPRIORITY increment)
{
    KTHREAD *thread = apc->Thread;
    if (apc->ApcMode == KernelMode) {
        thread->ApcState.KernelApcPending = TRUE;
        if (thread == KeGetCurrentThread())
            KiRequestApcInterrupt();
        else if (thread->State == Waiting && thread->WaitIrql == PASSIVE_LEVEL &&
                 KiKernelApcDeliverable(thread))
            KiUnwaitThread(thread, STATUS_KERNEL_APC, increment);
    } else if (thread->State == Waiting && thread->WaitMode == UserMode && thread->Alertable) {
        thread->ApcState.UserApcPending = TRUE;
        KiUnwaitThread(thread, STATUS_USER_APC, increment);
    }
}

BOOLEAN KeInsertQueueApc(KAPC *apc, PVOID systemArgument1, PVOID systemArgument2, KPRIORITY increment)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    BOOLEAN inserted = !apc->Inserted && apc->Thread->ApcQueueable;
    if (inserted) {
        apc->SystemArgument1 = systemArgument1;
        apc->SystemArgument2 = systemArgument2;
        queue_apc(apc);
        signal_target(apc, increment);
    }
    KiExitDispatcher(old);
    return inserted;
}

BOOLEAN KeRemoveQueueApc(KAPC *apc)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    BOOLEAN wasInserted = apc->Inserted;
    if (wasInserted) {
        RemoveEntryList(&apc->ApcListEntry);
        apc->Inserted = FALSE;
    }
    KeLowerIrql(old);
    return wasInserted;
}

/* Runs one APC taken off the list at DISPATCH_LEVEL; returns at DISPATCH_LEVEL. The kernel routine
   runs at APC_LEVEL and may cancel or change the normal routine, which runs at PASSIVE_LEVEL. */
static void run_kernel_apc(KTHREAD *thread, KAPC *apc)
{
    PKNORMAL_ROUTINE normal = apc->NormalRoutine;
    PVOID context = apc->NormalContext, arg1 = apc->SystemArgument1, arg2 = apc->SystemArgument2;
    KIRQL ignored;
    RemoveEntryList(&apc->ApcListEntry);
    apc->Inserted = FALSE;
    KeLowerIrql(APC_LEVEL);
    apc->KernelRoutine(apc, &normal, &context, &arg1, &arg2);
    if (normal) {
        thread->ApcState.KernelApcInProgress = TRUE;
        KeLowerIrql(PASSIVE_LEVEL);
        normal(context, arg1, arg2);
        KeRaiseIrql(APC_LEVEL, &ignored);
        thread->ApcState.KernelApcInProgress = FALSE;
    }
    KeRaiseIrql(DISPATCH_LEVEL, &ignored);
}

/* Called at APC_LEVEL (the APC software interrupt, or the dispatcher before a wait). The APC
   object may be freed by its kernel routine, so nothing touches it after that call. */
void KiDeliverApc(KPROCESSOR_MODE mode)
{
    KTHREAD *thread = KeGetCurrentThread();
    KIRQL ignored;
    KeRaiseIrql(DISPATCH_LEVEL, &ignored);
    thread->ApcState.KernelApcPending = FALSE;
    while (KiKernelApcDeliverable(thread)) {
        LIST_ENTRY *head = &thread->ApcState.ApcListHead[KernelMode];
        run_kernel_apc(thread, CONTAINING_RECORD(head->Flink, KAPC, ApcListEntry));
    }
    if (!IsListEmpty(&thread->ApcState.ApcListHead[KernelMode]))
        thread->ApcState.KernelApcPending = TRUE;
    KeLowerIrql(APC_LEVEL);
}

void KeEnterCriticalRegion(void)
{
    KeGetCurrentThread()->KernelApcDisable--;
}

void KeLeaveCriticalRegion(void)
{
    KTHREAD *thread = KeGetCurrentThread();
    if (++thread->KernelApcDisable == 0 && KeGetCurrentIrql() == PASSIVE_LEVEL &&
        KiKernelApcDeliverable(thread)) {
        KIRQL old;
        KeRaiseIrql(APC_LEVEL, &old);
        KiDeliverApc(KernelMode);
        KeLowerIrql(old);
    }
}

/* At DISPATCH_LEVEL, for a terminating thread: APCs that will never run get their rundown routine. */
void KiRundownApcs(KTHREAD *thread)
{
    for (int mode = 0; mode < MaximumMode; mode++) {
        LIST_ENTRY *head = &thread->ApcState.ApcListHead[mode];
        while (!IsListEmpty(head)) {
            KAPC *apc = CONTAINING_RECORD(RemoveHeadList(head), KAPC, ApcListEntry);
            apc->Inserted = FALSE;
            if (apc->RundownRoutine)
                apc->RundownRoutine(apc);
        }
    }
}

void KiDeliverApcHook(void)
{
    KiDeliverApc(KernelMode);
}
