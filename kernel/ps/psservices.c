/*
 * Process and thread services. NtCreateProcess takes a program name and a command line (servpack's
 * shape: NT's took a section handle, and kernel32 did the image work); NtCreateThread takes the
 * start registers (the part of NT's CONTEXT kernel32 sets). NtRegisterThreadWithSubsystem models
 * the CSRSS notification of NT 4.0's CreateRemoteThread: it fails for a process created without an
 * environment subsystem (PROCESS_CREATE_DETACHED) or one that is exiting -- KB Q272913's late failure.
 */
#include "psp.h"
#include "sysservice.h"
#include "rtl.h"

#define PROCESS_CREATE_VALID_FLAGS \
    (PROCESS_CREATE_SUSPENDED | PROCESS_CREATE_INHERIT_HANDLES | PROCESS_CREATE_DETACHED)

static NTSTATUS store_handle(PHANDLE callerHandle, HANDLE handle)
{
    return KeStoreUlongToCaller(callerHandle, (ULONG)handle);
}

/* Opens a handle for the caller and stores it, closing it again if the caller's variable is bad. */
static NTSTATUS insert_for_caller(PVOID object, ACCESS_MASK access, PHANDLE callerHandle)
{
    HANDLE handle;
    NTSTATUS status = ObInsertObject(object, access, NULL, &handle);
    return NT_SUCCESS(status) ? ObStoreHandleForCaller(callerHandle, handle) : status;
}

NTSTATUS NtCreateProcess(PHANDLE processHandle, PHANDLE threadHandle, const char *imageName,
                         const char *commandLine, ULONG flags)
{
    char name[ARCHIVE_NAME_SIZE], line[PROCESS_COMMAND_LINE_SIZE];
    PSP_PROCESS *process;
    PSP_THREAD *thread;
    if (flags & ~PROCESS_CREATE_VALID_FLAGS)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = KeCopyStringFromCaller(name, imageName, sizeof name);
    if (NT_SUCCESS(status))
        status = KeCopyStringFromCaller(line, commandLine, sizeof line);
    if (NT_SUCCESS(status))
        status = store_handle(processHandle, NULL);
    if (NT_SUCCESS(status))
        status = store_handle(threadHandle, NULL);
    if (NT_SUCCESS(status))
        status = PsCreateUserProcess(name, line, flags | PROCESS_CREATE_SUSPENDED, &process, &thread);
    if (!NT_SUCCESS(status))
        return status;
    thread->Registered = !(flags & PROCESS_CREATE_DETACHED);
    status = insert_for_caller(process, PROCESS_ALL_ACCESS, processHandle);
    if (NT_SUCCESS(status)) {
        ObReferenceObject(thread);
        status = insert_for_caller(thread, THREAD_ALL_ACCESS, threadHandle);
    }
    if (!NT_SUCCESS(status))
        PspTerminateProcess(thread->Process, status);   /* readies the thread, which exits at once */
    else if (!(flags & PROCESS_CREATE_SUSPENDED))
        KeReadyThread(&thread->Thread.Tcb);
    ObDereferenceObject(thread);
    return status;
}

NTSTATUS NtOpenProcess(PHANDLE processHandle, ACCESS_MASK desiredAccess, ULONG processId)
{
    PSP_PROCESS *found = NULL;
    KIRQL old;
    PspInitializeUserMode();
    PspLockProcessList(&old);
    for (LIST_ENTRY *e = PspUserProcessList.Flink; e != &PspUserProcessList; e = e->Flink) {
        PSP_PROCESS *p = CONTAINING_RECORD(e, PSP_PROCESS, ProcessLink);
        if (p->Process.UniqueProcessId == processId) {
            found = p;
            ObReferenceObject(found);
            break;
        }
    }
    PspUnlockProcessList(old);
    if (!found)
        return STATUS_INVALID_CID;
    HANDLE handle;
    NTSTATUS status = ObOpenObjectByPointer(found, 0, desiredAccess, PsProcessType, KeGetPreviousMode(), &handle);
    ObDereferenceObject(found);
    return NT_SUCCESS(status) ? ObStoreHandleForCaller(processHandle, handle) : status;
}

static NTSTATUS copy_information(PVOID buffer, ULONG length, PULONG returnLength, const void *info, ULONG size)
{
    if (length != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS status = KeCopyToCaller(buffer, info, size);
    if (NT_SUCCESS(status) && returnLength)
        status = KeStoreUlongToCaller(returnLength, size);
    return status;
}

NTSTATUS NtQueryInformationProcess(HANDLE processHandle, ULONG informationClass, PVOID buffer, ULONG length,
                                   PULONG returnLength)
{
    PSP_PROCESS *process;
    if (informationClass != ProcessBasicInformation && informationClass != ProcessHandleCount)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = ObReferenceObjectByHandle(processHandle, PROCESS_QUERY_INFORMATION, PsProcessType,
                                                KeGetPreviousMode(), (PVOID *)&process, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (informationClass == ProcessBasicInformation) {
        PROCESS_BASIC_INFORMATION info = {
            process->ExitStatus, (PEB *)USER_PEB_ADDRESS, 1, process->Process.Pcb.BasePriority,
            process->Process.UniqueProcessId, process->ParentId,
        };
        status = copy_information(buffer, length, returnLength, &info, sizeof info);
    } else {
        PHANDLE_TABLE table = process->HandleTable;
        ULONG count = table ? table->HandleCount : 0;
        status = copy_information(buffer, length, returnLength, &count, sizeof count);
    }
    ObDereferenceObject(process);
    return status;
}

NTSTATUS NtCreateThread(PHANDLE threadHandle, ACCESS_MASK desiredAccess, HANDLE processHandle,
                        CLIENT_ID *clientId, const THREAD_START_CONTEXT *context, ULONG flags)
{
    THREAD_START_CONTEXT start;
    PSP_PROCESS *process;
    PSP_THREAD *thread;
    if (flags & ~THREAD_CREATE_SUSPENDED)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = KeCopyFromCaller(&start, context, sizeof start);
    if (NT_SUCCESS(status))
        status = store_handle(threadHandle, NULL);
    if (NT_SUCCESS(status) && clientId)         /* checked first: a thread must not exist for a failed call */
        status = KeCopyToCaller(clientId, &(CLIENT_ID){ 0 }, sizeof(CLIENT_ID));
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByHandle(processHandle, PROCESS_CREATE_THREAD, PsProcessType,
                                       KeGetPreviousMode(), (PVOID *)&process, NULL);
    if (!NT_SUCCESS(status))
        return status;
    status = PspCreateThread(process, &start, TRUE, &thread);
    ObDereferenceObject(process);
    if (!NT_SUCCESS(status))
        return status;
    CLIENT_ID id = { process->Process.UniqueProcessId, thread->Thread.UniqueThreadId };
    ObReferenceObject(thread);
    status = insert_for_caller(thread, desiredAccess, threadHandle);
    if (NT_SUCCESS(status) && clientId)
        status = KeCopyToCaller(clientId, &id, sizeof id);
    if (NT_SUCCESS(status) && !(flags & THREAD_CREATE_SUSPENDED))
        KeReadyThread(&thread->Thread.Tcb);
    ObDereferenceObject(thread);
    return status;
}

NTSTATUS NtResumeThread(HANDLE threadHandle, PULONG previousSuspendCount)
{
    PSP_THREAD *thread;
    NTSTATUS status = ObReferenceObjectByHandle(threadHandle, THREAD_SUSPEND_RESUME, PsThreadType,
                                                KeGetPreviousMode(), (PVOID *)&thread, NULL);
    if (!NT_SUCCESS(status))
        return status;
    KIRQL old;
    PspLockProcessList(&old);
    ULONG previous = thread->Thread.Tcb.State == Initialized;
    if (previous)
        KeReadyThread(&thread->Thread.Tcb);
    PspUnlockProcessList(old);
    ObDereferenceObject(thread);
    return previousSuspendCount ? KeStoreUlongToCaller(previousSuspendCount, previous) : STATUS_SUCCESS;
}

NTSTATUS NtQueryInformationThread(HANDLE threadHandle, ULONG informationClass, PVOID buffer, ULONG length,
                                  PULONG returnLength)
{
    PSP_THREAD *thread;
    if (informationClass != ThreadBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = ObReferenceObjectByHandle(threadHandle, THREAD_QUERY_INFORMATION, PsThreadType,
                                                KeGetPreviousMode(), (PVOID *)&thread, NULL);
    if (!NT_SUCCESS(status))
        return status;
    THREAD_BASIC_INFORMATION info = {
        thread->Thread.ExitStatus, (TEB *)thread->TebAddress,
        { thread->Process->Process.UniqueProcessId, thread->Thread.UniqueThreadId },
    };
    status = copy_information(buffer, length, returnLength, &info, sizeof info);
    ObDereferenceObject(thread);
    return status;
}

NTSTATUS NtRegisterThreadWithSubsystem(HANDLE threadHandle)
{
    PSP_THREAD *thread;
    NTSTATUS status = ObReferenceObjectByHandle(threadHandle, THREAD_QUERY_INFORMATION, PsThreadType,
                                                KeGetPreviousMode(), (PVOID *)&thread, NULL);
    if (!NT_SUCCESS(status))
        return status;
    if (thread->Process->Flags & PROCESS_CREATE_DETACHED)
        status = STATUS_PORT_DISCONNECTED;
    else if (thread->Process->Exiting)
        status = STATUS_PROCESS_IS_TERMINATING;
    else
        thread->Registered = TRUE;
    ObDereferenceObject(thread);
    return status;
}
