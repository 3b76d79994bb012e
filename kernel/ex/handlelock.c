/*
 * The handle table lock: a spin lock, so holders run at DISPATCH_LEVEL and cannot be preempted, and a
 * holder that tries to take it again stops the system with SPIN_LOCK_ALREADY_OWNED instead of
 * corrupting the table. Every holder keeps it for a handful of instructions: the pool is always
 * called with the lock released, and no object's procedures run under it.
 */
#include "exhandle.h"
#include "ke.h"

void ExpLockHandleTable(PHANDLE_TABLE table)
{
    table->LockIrql = KfAcquireSpinLock(&table->Lock);
}

void ExpUnlockHandleTable(PHANDLE_TABLE table)
{
    KeReleaseSpinLock(&table->Lock, table->LockIrql);
}
