/*
 * Threads: CreateThread and CreateRemoteThread in NT 4.0's sequence (nt4-facts 7.1): create the stack
 * in the target, create the thread suspended (its handle now exists), register it with the
 * environment subsystem, then resume it. The cleanup after a failed registration is where
 * KB Q272913's handle leak lives.
 */
#include "kernel32.h"
#include "kb.h"

void BaseThreadStartThunk(void);

__attribute__((noreturn)) void BaseThreadStart(LPTHREAD_START_ROUTINE start, LPVOID parameter)
{
    ExitThread(start(parameter));
}

void BaseInitializeContext(THREAD_START_CONTEXT *context, LPTHREAD_START_ROUTINE start,
                           LPVOID parameter, PVOID stackTop)
{
    context->Eip = (ULONG)BaseThreadStartThunk;
    context->Esp = (ULONG)stackTop;
    context->Eax = (ULONG)start;
    context->Ebx = (ULONG)parameter;
}

NTSTATUS BaseCreateStack(HANDLE process, SIZE_T size, PVOID *base, ULONG *allocated)
{
    *base = NULL;
    *allocated = size ? (size + 0xFFFF) & ~0xFFFFu : USER_STACK_SIZE;
    return NtAllocateVirtualMemory(process, base, 0, allocated, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
}

void BaseFreeThreadStack(HANDLE process, PVOID base)
{
    ULONG size = 0;
    NtFreeVirtualMemory(process, &base, &size, MEM_RELEASE);
}

HANDLE CreateRemoteThread(HANDLE process, LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize,
                          LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags, LPDWORD threadId)
{
    PVOID stack;
    ULONG size;
    THREAD_START_CONTEXT context;
    CLIENT_ID client;
    HANDLE thread;
    NTSTATUS status = BaseCreateStack(process, stackSize, &stack, &size);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNTError(status);
        return NULL;
    }
    BaseInitializeContext(&context, start, parameter, (UCHAR *)stack + size);
    status = NtCreateThread(&thread, THREAD_ALL_ACCESS, process, &client, &context, THREAD_CREATE_SUSPENDED);
    if (!NT_SUCCESS(status)) {
        BaseFreeThreadStack(process, stack);
        BaseSetLastNTError(status);
        return NULL;
    }
    status = NtRegisterThreadWithSubsystem(thread);
    if (!NT_SUCCESS(status)) {
        NtTerminateThread(thread, status);
        BaseFreeThreadStack(process, stack);
        if (KB_BUG(Q272913)) {
            /* NT 4.0 returned here with the thread handle still open: nobody can ever close it. */
        } else {
            NtClose(thread);
        }
        BaseSetLastNTError(status);
        return NULL;
    }
    if (threadId)
        *threadId = client.UniqueThread;
    if (!(flags & CREATE_SUSPENDED))
        NtResumeThread(thread, NULL);
    return thread;
}

HANDLE CreateThread(LPSECURITY_ATTRIBUTES attributes, SIZE_T stackSize, LPTHREAD_START_ROUTINE start,
                    LPVOID parameter, DWORD flags, LPDWORD threadId)
{
    return CreateRemoteThread(NtCurrentProcess(), attributes, stackSize, start, parameter, flags, threadId);
}

__attribute__((noreturn)) void ExitThread(DWORD exitCode)
{
    NtTerminateThread(NtCurrentThread(), (NTSTATUS)exitCode);
    __builtin_trap();
}

BOOL TerminateThread(HANDLE thread, DWORD exitCode)
{
    NTSTATUS status = NtTerminateThread(thread, (NTSTATUS)exitCode);
    return NT_SUCCESS(status) ? TRUE : (BaseSetLastNTError(status), FALSE);
}

BOOL GetExitCodeThread(HANDLE thread, LPDWORD exitCode)
{
    THREAD_BASIC_INFORMATION info;
    NTSTATUS status = NtQueryInformationThread(thread, ThreadBasicInformation, &info, sizeof info, NULL);
    if (!NT_SUCCESS(status))
        return BaseSetLastNTError(status), FALSE;
    *exitCode = (DWORD)info.ExitStatus;
    return TRUE;
}

DWORD ResumeThread(HANDLE thread)
{
    ULONG previous;
    NTSTATUS status = NtResumeThread(thread, &previous);
    return NT_SUCCESS(status) ? previous : (BaseSetLastNTError(status), (DWORD)-1);
}

HANDLE GetCurrentThread(void)
{
    return NtCurrentThread();
}

DWORD GetCurrentThreadId(void)
{
    return NtCurrentTeb()->ClientId.UniqueThread;
}
