/* The console: servpack's console services stand in for NT 4.0's CSRSS console, so console
   handles are the fixed values GetStdHandle returns, never kernel handles. */
#include "kernel32.h"

HANDLE GetStdHandle(DWORD which)
{
    switch (which) {
    case STD_INPUT_HANDLE:  return CONSOLE_INPUT;
    case STD_OUTPUT_HANDLE: return CONSOLE_OUTPUT;
    case STD_ERROR_HANDLE:  return CONSOLE_ERROR;
    }
    SetLastError(ERROR_INVALID_PARAMETER);
    return INVALID_HANDLE_VALUE;
}

BOOL WriteConsoleA(HANDLE console, LPCVOID buffer, DWORD length, LPDWORD written, LPVOID reserved)
{
    if (console != CONSOLE_OUTPUT && console != CONSOLE_ERROR)
        return SetLastError(ERROR_INVALID_HANDLE), FALSE;
    NTSTATUS status = NtWriteConsole(buffer, length);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), FALSE;
    if (written)
        *written = length;
    return TRUE;
}

BOOL ReadConsoleA(HANDLE console, LPVOID buffer, DWORD length, LPDWORD read, LPVOID reserved)
{
    ULONG n = 0;
    if (console != CONSOLE_INPUT)
        return SetLastError(ERROR_INVALID_HANDLE), FALSE;
    NTSTATUS status = NtReadConsole(buffer, length, &n);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), FALSE;
    if (read)
        *read = n;
    return TRUE;
}
