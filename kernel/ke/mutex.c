/* Mutant (mutex) objects: owned by one thread at a time, recursively; released by the owner only;
   abandoned, and handed on with STATUS_ABANDONED, when the owner terminates holding it. A kernel
   mutex (KeInitializeMutex) also disables normal kernel APCs while it is held, as in NT. */
#include "ke.h"
#include "ketypes.h"

static void init_mutant(KMUTANT *mutant, UCHAR apcDisable)
{
    KiInitializeDispatcherHeader(&mutant->Header, MutantObject, sizeof *mutant, 1);
    mutant->OwnerThread = NULL;
    mutant->Abandoned = FALSE;
    mutant->ApcDisable = apcDisable;
}

void KeInitializeMutant(KMUTANT *mutant, BOOLEAN initialOwner)
{
    init_mutant(mutant, 0);
    if (initialOwner) {
        KTHREAD *thread = KeGetCurrentThread();
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        mutant->Header.SignalState = 0;
        mutant->OwnerThread = thread;
        InsertTailList(&thread->MutantListHead, &mutant->MutantListEntry);
        KeLowerIrql(old);
    }
}

void KeInitializeMutex(KMUTEX *mutex, ULONG level)
{
    init_mutant(mutex, 1);
}

/* At DISPATCH_LEVEL: the mutant becomes free; the owner gets back its kernel APCs. */
static void make_free(KMUTANT *mutant, BOOLEAN abandoned)
{
    KTHREAD *owner = mutant->OwnerThread;
    RemoveEntryList(&mutant->MutantListEntry);
    owner->KernelApcDisable += mutant->ApcDisable;
    if (owner->KernelApcDisable == 0 && !IsListEmpty(&owner->ApcState.ApcListHead[KernelMode]) &&
        owner == KeGetCurrentThread())
        KiRequestApcInterrupt();
    mutant->OwnerThread = NULL;
    mutant->Header.SignalState = 1;
    mutant->Abandoned = abandoned;
}

NTSTATUS KeReleaseMutantChecked(KMUTANT *mutant, KPRIORITY increment, BOOLEAN wait, LONG *previous)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    *previous = mutant->Header.SignalState;
    if (mutant->OwnerThread != KeGetCurrentThread()) {
        KeLowerIrql(old);
        return STATUS_MUTANT_NOT_OWNED;
    }
    if (++mutant->Header.SignalState == 1) {
        make_free(mutant, FALSE);
        KiWaitTest(mutant, increment);
    }
    KiExitSignal(old, wait);
    return STATUS_SUCCESS;
}

/* abandoned = TRUE frees the mutant whoever holds it (NT's use: the owner's rundown). */
LONG KeReleaseMutant(KMUTANT *mutant, KPRIORITY increment, BOOLEAN abandoned, BOOLEAN wait)
{
    LONG previous;
    if (abandoned) {
        KIRQL old;
        KeRaiseIrql(DISPATCH_LEVEL, &old);
        previous = mutant->Header.SignalState;
        if (mutant->OwnerThread) {
            make_free(mutant, TRUE);
            KiWaitTest(mutant, increment);
        }
        KiExitDispatcher(old);
        return previous;
    }
    NTSTATUS status = KeReleaseMutantChecked(mutant, increment, wait, &previous);
    if (!NT_SUCCESS(status))
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)status,
                     (ULONG_PTR)__builtin_return_address(0), (ULONG_PTR)mutant,
                     (ULONG_PTR)mutant->OwnerThread);
    return previous;
}

LONG KeReleaseMutex(KMUTEX *mutex, BOOLEAN wait)
{
    return KeReleaseMutant(mutex, MUTANT_INCREMENT, FALSE, wait);
}

LONG KeReadStateMutant(KMUTANT *mutant)
{
    return mutant->Header.SignalState;
}

/* At DISPATCH_LEVEL, for a terminating thread. */
void KiAbandonMutants(KTHREAD *thread)
{
    while (!IsListEmpty(&thread->MutantListHead)) {
        KMUTANT *mutant = CONTAINING_RECORD(thread->MutantListHead.Flink, KMUTANT, MutantListEntry);
        make_free(mutant, TRUE);
        KiWaitTest(mutant, 0);
    }
}
