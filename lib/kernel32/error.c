/* The per-thread last error (TEB.LastErrorValue) and its setting from an NTSTATUS. */
#include "windows.h"

DWORD GetLastError(void)
{
    return NtCurrentTeb()->LastErrorValue;
}

void SetLastError(DWORD error)
{
    NtCurrentTeb()->LastErrorValue = error;
}

DWORD BaseSetLastNTError(NTSTATUS status)
{
    DWORD error = RtlNtStatusToDosError(status);
    SetLastError(error);
    return error;
}
