/* NtDelayExecution and NtYieldExecution: Sleep and the null system call (also the benchmark's). */
#include "sysservice.h"

NTSTATUS NtDelayExecution(BOOLEAN alertable, PLARGE_INTEGER interval)
{
    LONGLONG value;
    NTSTATUS status = KeCopyFromCaller(&value, interval, sizeof value);
    if (!NT_SUCCESS(status))
        return status;
    return KeDelayExecutionThread(KeGetPreviousMode(), alertable, &value);
}

NTSTATUS NtYieldExecution(void)
{
    return KeYieldExecution();
}
