/*
 * Deferred procedure calls: one FIFO queue (uniprocessor). Queueing requests the DISPATCH_LEVEL
 * software interrupt; the queue drains, oldest first, when IRQL falls below DISPATCH_LEVEL (irql.c),
 * each routine running at DISPATCH_LEVEL with interrupts enabled.
 */
#include "ke.h"

static KDPC *QueueHead, *QueueTail;

void KeInitializeDpc(KDPC *Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    Dpc->NextDpc = NULL;
    Dpc->Inserted = FALSE;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = Dpc->SystemArgument2 = NULL;
}

BOOLEAN KeInsertQueueDpc(KDPC *Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    ULONG flags = KiDisableInterrupts();
    if (Dpc->Inserted) {
        KiRestoreInterrupts(flags);
        return FALSE;
    }
    Dpc->Inserted = TRUE;
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->NextDpc = NULL;
    if (QueueTail)
        QueueTail->NextDpc = Dpc;
    else
        QueueHead = Dpc;
    QueueTail = Dpc;
    KiRestoreInterrupts(flags);
    KiRequestDispatchInterrupt();
    return TRUE;
}

BOOLEAN KeRemoveQueueDpc(KDPC *Dpc)
{
    ULONG flags = KiDisableInterrupts();
    BOOLEAN wasQueued = Dpc->Inserted;
    if (wasQueued) {
        KDPC *prev = NULL;
        for (KDPC *d = QueueHead; d != Dpc; d = d->NextDpc)
            prev = d;
        if (prev)
            prev->NextDpc = Dpc->NextDpc;
        else
            QueueHead = Dpc->NextDpc;
        if (QueueTail == Dpc)
            QueueTail = prev;
        Dpc->Inserted = FALSE;
    }
    KiRestoreInterrupts(flags);
    return wasQueued;
}

/* Called at DISPATCH_LEVEL by the software interrupt. */
void KiRetireDpcList(void)
{
    for (;;) {
        ULONG flags = KiDisableInterrupts();
        KDPC *dpc = QueueHead;
        if (!dpc) {
            KiRestoreInterrupts(flags);
            return;
        }
        QueueHead = dpc->NextDpc;
        if (!QueueHead)
            QueueTail = NULL;
        dpc->Inserted = FALSE;
        PKDEFERRED_ROUTINE routine = dpc->DeferredRoutine;
        PVOID context = dpc->DeferredContext, arg1 = dpc->SystemArgument1, arg2 = dpc->SystemArgument2;
        KiRestoreInterrupts(flags);
        routine(dpc, context, arg1, arg2);
    }
}
