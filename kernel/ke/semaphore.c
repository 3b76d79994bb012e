/* Semaphore objects: the signal state is the count; each satisfied wait takes one. */
#include "ke.h"
#include "ketypes.h"

void KeInitializeSemaphore(KSEMAPHORE *semaphore, LONG count, LONG limit)
{
    KiInitializeDispatcherHeader(&semaphore->Header, SemaphoreObject, sizeof *semaphore, count);
    semaphore->Limit = limit;
}

NTSTATUS KeReleaseSemaphoreChecked(KSEMAPHORE *semaphore, KPRIORITY increment, LONG adjustment,
                                   BOOLEAN wait, LONG *previous)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    LONG count = semaphore->Header.SignalState;
    *previous = count;
    if (adjustment <= 0 || count > semaphore->Limit - adjustment) {
        KeLowerIrql(old);
        return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    }
    semaphore->Header.SignalState = count + adjustment;
    if (count == 0)
        KiWaitTest(semaphore, increment);
    KiExitSignal(old, wait);
    return STATUS_SUCCESS;
}

LONG KeReleaseSemaphore(KSEMAPHORE *semaphore, KPRIORITY increment, LONG adjustment, BOOLEAN wait)
{
    LONG previous;
    NTSTATUS status = KeReleaseSemaphoreChecked(semaphore, increment, adjustment, wait, &previous);
    if (!NT_SUCCESS(status))
        KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)status,
                     (ULONG_PTR)__builtin_return_address(0), (ULONG_PTR)semaphore, (ULONG_PTR)adjustment);
    return previous;
}

LONG KeReadStateSemaphore(KSEMAPHORE *semaphore)
{
    return semaphore->Header.SignalState;
}
