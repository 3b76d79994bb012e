/*
 * The namespace lock: guards directories, object names and the permanent flag. A spin lock: holders
 * only walk hash chains and relink entries — no pool calls, no type procedures, no waits inside it.
 */
#include "obp.h"
#include "ke.h"

static KSPIN_LOCK NamespaceLock;
static KIRQL NamespaceIrql;

void ObpLockNamespace(void)
{
    KIRQL irql;
    KeAcquireSpinLock(&NamespaceLock, &irql);
    NamespaceIrql = irql;
}

void ObpUnlockNamespace(void)
{
    KeReleaseSpinLock(&NamespaceLock, NamespaceIrql);
}
