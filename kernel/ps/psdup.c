/* NtDuplicateObject: copies a handle between the handle tables of any two processes the caller holds
   PROCESS_DUP_HANDLE on (NtCurrentProcess() names the caller's own table). */
#include "psp.h"
#include "sysservice.h"

/* The handle table of the process a handle names; NULL (the current table) for NtCurrentProcess(). */
static NTSTATUS reference_table(HANDLE processHandle, PSP_PROCESS **process, PHANDLE_TABLE *table)
{
    *process = NULL;
    *table = NULL;
    if (processHandle == NtCurrentProcess())
        return STATUS_SUCCESS;
    NTSTATUS status = ObReferenceObjectByHandle(processHandle, PROCESS_DUP_HANDLE, PsProcessType,
                                                KeGetPreviousMode(), (PVOID *)process, NULL);
    if (!NT_SUCCESS(status))
        return status;
    *table = (*process)->HandleTable;
    return *table ? STATUS_SUCCESS : STATUS_PROCESS_IS_TERMINATING;
}

NTSTATUS NtDuplicateObject(HANDLE sourceProcessHandle, HANDLE sourceHandle, HANDLE targetProcessHandle,
                           PHANDLE targetHandle, ACCESS_MASK desiredAccess, ULONG handleAttributes, ULONG options)
{
    PSP_PROCESS *source, *target = NULL;
    PHANDLE_TABLE sourceTable, targetTable = NULL;
    HANDLE duplicate = NULL;
    NTSTATUS status = reference_table(sourceProcessHandle, &source, &sourceTable);
    if (NT_SUCCESS(status) && targetHandle)
        status = reference_table(targetProcessHandle, &target, &targetTable);
    if (NT_SUCCESS(status) && targetHandle)
        status = KeStoreUlongToCaller(targetHandle, 0);
    if (NT_SUCCESS(status))
        status = ObDuplicateObject(sourceTable, sourceHandle, targetTable, targetHandle ? &duplicate : NULL,
                                   desiredAccess, handleAttributes, options, KeGetPreviousMode());
    if (NT_SUCCESS(status) && targetHandle)
        status = KeStoreUlongToCaller(targetHandle, (ULONG)duplicate);
    if (source)
        ObDereferenceObject(source);
    if (target)
        ObDereferenceObject(target);
    return status;
}

