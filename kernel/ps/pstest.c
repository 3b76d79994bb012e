/* Helpers shared by the in-kernel scheduler and wait tests: start, join and sleep. */
#include "pstest.h"

PETHREAD PspTestStartThread(PKSTART_ROUTINE routine, PVOID context, KPRIORITY priority)
{
    PETHREAD thread = NULL;
    NTSTATUS status = PsCreateSystemThread(&thread, routine, context);
    if (!NT_SUCCESS(status))
        KeBugCheckEx(SERVPACK_KERNEL_TEST_FAILED, status, 0, 0, 0);
    KeSetPriorityThread(&thread->Tcb, priority);
    return thread;
}

void PspTestJoinThread(PETHREAD thread)
{
    KeWaitForSingleObject(&thread->Tcb, Executive, KernelMode, FALSE, NULL);
    PsDereferenceThread(thread);
}

void PspTestDelay(ULONG ms)
{
    LONGLONG interval = -(LONGLONG)ms * 10000;
    KeDelayExecutionThread(KernelMode, FALSE, &interval);
}
