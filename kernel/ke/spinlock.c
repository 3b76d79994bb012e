/*
 * Spin locks on a uniprocessor: holding one means running at DISPATCH_LEVEL, which already excludes
 * every other thread and every DPC. The lock word still records the acquirer's return address, so
 * taking a held lock (a deadlock on a multiprocessor) or releasing a free one is caught at once.
 */
#include "ke.h"

static void take(KSPIN_LOCK *SpinLock, ULONG_PTR owner)
{
    if (*SpinLock)
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, *SpinLock, 0, 0);
    *SpinLock = owner;
}

static void give(KSPIN_LOCK *SpinLock)
{
    if (!*SpinLock)
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, 0, 0, 0);
    *SpinLock = 0;
}

void KeInitializeSpinLock(KSPIN_LOCK *SpinLock)
{
    *SpinLock = 0;
}

KIRQL KfAcquireSpinLock(KSPIN_LOCK *SpinLock)
{
    KIRQL old = KfRaiseIrql(DISPATCH_LEVEL);
    take(SpinLock, (ULONG_PTR)__builtin_return_address(0));
    return old;
}

void KeReleaseSpinLock(KSPIN_LOCK *SpinLock, KIRQL NewIrql)
{
    give(SpinLock);
    KeLowerIrql(NewIrql);
}

void KeAcquireSpinLockAtDpcLevel(KSPIN_LOCK *SpinLock)
{
    KIRQL irql = KeGetCurrentIrql();
    if (irql < DISPATCH_LEVEL)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, irql, DISPATCH_LEVEL, 0, (ULONG_PTR)__builtin_return_address(0));
    take(SpinLock, (ULONG_PTR)__builtin_return_address(0));
}

void KeReleaseSpinLockFromDpcLevel(KSPIN_LOCK *SpinLock)
{
    give(SpinLock);
}
