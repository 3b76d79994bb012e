/* Handles, waits, events and Sleep. */
#include "kernel32.h"

PLARGE_INTEGER BaseFormatTimeOut(PLARGE_INTEGER buffer, DWORD milliseconds)
{
    if (milliseconds == INFINITE)
        return NULL;
    *buffer = -(LONGLONG)milliseconds * 10000;
    return buffer;
}

BOOL BaseIsConsoleHandle(HANDLE handle)
{
    return ((ULONG)handle & 3) == 3;
}

BOOL CloseHandle(HANDLE handle)
{
    if (BaseIsConsoleHandle(handle))
        return TRUE;
    NTSTATUS status = NtClose(handle);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL DuplicateHandle(HANDLE sourceProcess, HANDLE source, HANDLE targetProcess, HANDLE *target,
                     DWORD access, BOOL inherit, DWORD options)
{
    NTSTATUS status = NtDuplicateObject(sourceProcess, source, targetProcess, target, access,
                                        inherit ? HANDLE_ATTRIBUTE_INHERIT : 0, options);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

static DWORD wait_result(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        return (DWORD)status;      /* WAIT_OBJECT_0 + i, WAIT_ABANDONED + i, WAIT_TIMEOUT */
    BaseSetLastNTError(status);
    return WAIT_FAILED;
}

DWORD WaitForSingleObject(HANDLE handle, DWORD milliseconds)
{
    LARGE_INTEGER timeout;
    return wait_result(NtWaitForSingleObject(handle, FALSE, BaseFormatTimeOut(&timeout, milliseconds)));
}

DWORD WaitForMultipleObjects(DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds)
{
    LARGE_INTEGER timeout;
    return wait_result(NtWaitForMultipleObjects(count, handles, waitAll ? WaitAll : WaitAny, FALSE,
                                                BaseFormatTimeOut(&timeout, milliseconds)));
}

/* Named events live in \BaseNamedObjects, as Win32 put them. */
static const char *object_name(LPCSTR name, char *buffer, ULONG size)
{
    if (!name)
        return NULL;
    RtlFormat(buffer, size, "\\BaseNamedObjects\\%s", name);
    return buffer;
}

HANDLE CreateEventA(LPSECURITY_ATTRIBUTES attributes, BOOL manualReset, BOOL initialState, LPCSTR name)
{
    char buffer[128];
    HANDLE event;
    NTSTATUS status = NtCreateEvent(&event, EVENT_ALL_ACCESS, object_name(name, buffer, sizeof buffer),
                                    manualReset ? NotificationEvent : SynchronizationEvent,
                                    initialState ? TRUE : FALSE);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), NULL;
    SetLastError(ERROR_SUCCESS);
    return event;
}

HANDLE OpenEventA(DWORD access, BOOL inherit, LPCSTR name)
{
    char buffer[128];
    HANDLE event;
    NTSTATUS status = NtOpenEvent(&event, access, object_name(name, buffer, sizeof buffer));
    return NT_SUCCESS(status) ? event : (BaseSetLastNTError(status), NULL);
}

BOOL SetEvent(HANDLE event)
{
    NTSTATUS status = NtSetEvent(event, NULL);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL ResetEvent(HANDLE event)
{
    NTSTATUS status = NtResetEvent(event, NULL);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

/* Sleep(INFINITE) asks for the longest relative delay there is, as NT's kernel32 did. */
void Sleep(DWORD milliseconds)
{
    LARGE_INTEGER interval = INT64_MIN;
    NtDelayExecution(FALSE, milliseconds == INFINITE ? &interval : BaseFormatTimeOut(&interval, milliseconds));
}
