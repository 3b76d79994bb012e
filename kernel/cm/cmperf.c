/* NtQueryPerformanceCounter: NT's service for the high-resolution counter (the TSC here, with its
   calibrated frequency). It lives with the registry services because kb179827 was its first user,
   timing the opens that wrap a KCB's count; it belongs to Ke's services when they get a file. */
#include "sysservice.h"

NTSTATUS NtQueryPerformanceCounter(LONGLONG *counter, LONGLONG *frequency)
{
    LONGLONG hz, now = KeQueryPerformanceCounter(&hz);
    NTSTATUS status = KeCopyToCaller(counter, &now, sizeof now);
    if (NT_SUCCESS(status) && frequency)
        status = KeCopyToCaller(frequency, &hz, sizeof hz);
    return status;
}
