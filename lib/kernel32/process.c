/* Processes: CreateProcessA over servpack's NtCreateProcess (program name + command line), exit
   codes, and the current process. */
#include "kernel32.h"

/* The program is the command line's first word unless the caller names it. */
static void program_name(LPCSTR applicationName, LPCSTR commandLine, char *name, ULONG size)
{
    ULONG n = 0;
    if (applicationName) {
        RtlCopyString(name, applicationName, size);
        return;
    }
    while (*commandLine == ' ')
        commandLine++;
    while (commandLine[n] && commandLine[n] != ' ' && n + 1 < size) {
        name[n] = commandLine[n];
        n++;
    }
    name[n] = 0;
}

BOOL CreateProcessA(LPCSTR applicationName, LPSTR commandLine, LPSECURITY_ATTRIBUTES processAttributes,
                    LPSECURITY_ATTRIBUTES threadAttributes, BOOL inheritHandles, DWORD flags,
                    LPVOID environment, LPCSTR currentDirectory, LPVOID startupInfo,
                    LPPROCESS_INFORMATION information)
{
    char name[32];
    HANDLE process, thread;
    PROCESS_BASIC_INFORMATION basic;
    THREAD_BASIC_INFORMATION threadBasic;
    ULONG ntFlags = (inheritHandles ? PROCESS_CREATE_INHERIT_HANDLES : 0) |
                    (flags & CREATE_SUSPENDED ? PROCESS_CREATE_SUSPENDED : 0) |
                    (flags & DETACHED_PROCESS ? PROCESS_CREATE_DETACHED : 0);
    const char *line = commandLine ? commandLine : applicationName;
    if (!line)
        return BaseSetLastNTError(STATUS_INVALID_PARAMETER), FALSE;
    program_name(applicationName, line, name, sizeof name);
    NTSTATUS status = NtCreateProcess(&process, &thread, name, line, ntFlags);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), FALSE;
    NtQueryInformationProcess(process, ProcessBasicInformation, &basic, sizeof basic, NULL);
    NtQueryInformationThread(thread, ThreadBasicInformation, &threadBasic, sizeof threadBasic, NULL);
    information->hProcess = process;
    information->hThread = thread;
    information->dwProcessId = basic.UniqueProcessId;
    information->dwThreadId = threadBasic.ClientId.UniqueThread;
    return TRUE;
}

__attribute__((noreturn)) void ExitProcess(DWORD exitCode)
{
    NtTerminateProcess(NtCurrentProcess(), (NTSTATUS)exitCode);
    __builtin_trap();
}

BOOL TerminateProcess(HANDLE process, DWORD exitCode)
{
    NTSTATUS status = NtTerminateProcess(process, (NTSTATUS)exitCode);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL GetExitCodeProcess(HANDLE process, LPDWORD exitCode)
{
    PROCESS_BASIC_INFORMATION info;
    NTSTATUS status = NtQueryInformationProcess(process, ProcessBasicInformation, &info, sizeof info, NULL);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), FALSE;
    *exitCode = (DWORD)info.ExitStatus;
    return TRUE;
}

HANDLE OpenProcess(DWORD access, BOOL inherit, DWORD processId)
{
    HANDLE process;
    NTSTATUS status = NtOpenProcess(&process, access, processId);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), NULL;
    return process;
}

HANDLE GetCurrentProcess(void)
{
    return NtCurrentProcess();
}

DWORD GetCurrentProcessId(void)
{
    return NtCurrentTeb()->ClientId.UniqueProcess;
}

LPSTR GetCommandLineA(void)
{
    return NtCurrentPeb()->ProcessParameters->CommandLine;
}
