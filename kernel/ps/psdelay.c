/* NtDelayExecution and NtYieldExecution: Sleep and the null system call (also the benchmark's). */
#include "sysservice.h"

/* Sleep(INFINITE) passes the most negative interval; about 14,000 years is as good and cannot overflow. */
#define LONGEST_DELAY (-(1LL << 62))

NTSTATUS NtDelayExecution(BOOLEAN alertable, PLARGE_INTEGER interval)
{
    LONGLONG value;
    NTSTATUS status = KeCopyFromCaller(&value, interval, sizeof value);
    if (!NT_SUCCESS(status))
        return status;
    if (value < LONGEST_DELAY)
        value = LONGEST_DELAY;
    return KeDelayExecutionThread(KeGetPreviousMode(), alertable, &value);
}

NTSTATUS NtYieldExecution(void)
{
    return KeYieldExecution();
}
