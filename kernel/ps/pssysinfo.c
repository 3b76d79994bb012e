/* NtQuerySystemInformation: the process list (tlist), every process's handles (handle), and
   per-tag pool statistics (poolmon). The System process is listed first, with the kernel handle
   table as its own. */
#include "sysservice.h"
#include "ex.h"
#include "rtl.h"
#include "psp.h"

#define MAX_POOL_TAGS 64
#define MAX_LISTED_PROCESSES 64

static NTSTATUS query_pool_tags(PVOID buffer, ULONG length, PULONG returnLength)
{
    POOL_TAG_INFO tags[MAX_POOL_TAGS];
    ULONG count = ExQueryPoolTags(tags, MAX_POOL_TAGS);
    if (count > MAX_POOL_TAGS)
        count = MAX_POOL_TAGS;
    ULONG needed = count * sizeof(SYSTEM_POOL_TAG);
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, needed)))
        return STATUS_ACCESS_VIOLATION;
    if (length < needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    for (ULONG i = 0; i < count; i++) {
        SYSTEM_POOL_TAG out = { tags[i].Tag, tags[i].Allocations, tags[i].Frees, tags[i].BytesInUse };
        NTSTATUS status = KeCopyToCaller((SYSTEM_POOL_TAG *)buffer + i, &out, sizeof out);
        if (!NT_SUCCESS(status))
            return status;
    }
    return STATUS_SUCCESS;
}

/* A referenced snapshot of the user processes, so the walk can copy to the caller (which may fault). */
static ULONG snapshot_processes(PSP_PROCESS **list)
{
    ULONG n = 0;
    KIRQL old;
    PspLockProcessList(&old);
    for (LIST_ENTRY *e = PspUserProcessList.Flink; e != &PspUserProcessList && n < MAX_LISTED_PROCESSES;
         e = e->Flink) {
        list[n] = CONTAINING_RECORD(e, PSP_PROCESS, ProcessLink);
        ObReferenceObject(list[n++]);
    }
    PspUnlockProcessList(old);
    return n;
}

static void release_snapshot(PSP_PROCESS **list, ULONG n)
{
    for (ULONG i = 0; i < n; i++)
        ObDereferenceObject(list[i]);
}

static void describe_process(const PSP_PROCESS *p, SYSTEM_PROCESS_INFORMATION *out)
{
    memset(out, 0, sizeof *out);
    if (!p) {
        out->UniqueProcessId = SYSTEM_PROCESS_ID;
        out->NumberOfThreads = PsInitialSystemProcess->Pcb.ThreadCount;
        out->HandleCount = ObGetSystemHandleTable()->HandleCount;
        out->ExitStatus = STATUS_PENDING;
        RtlCopyString(out->ImageName, PsInitialSystemProcess->ImageFileName, sizeof out->ImageName);
        return;
    }
    out->UniqueProcessId = p->Process.UniqueProcessId;
    out->InheritedFromUniqueProcessId = p->ParentId;
    out->NumberOfThreads = p->Process.Pcb.ThreadCount;
    out->HandleCount = p->HandleTable ? p->HandleTable->HandleCount : 0;
    out->VirtualSize = p->CommittedBytes;
    out->ExitStatus = p->ExitStatus;
    RtlCopyString(out->ImageName, p->Process.ImageFileName, sizeof out->ImageName);
}

static NTSTATUS query_processes(PVOID buffer, ULONG length, PULONG returnLength)
{
    PSP_PROCESS *list[MAX_LISTED_PROCESSES];
    ULONG n = snapshot_processes(list);
    ULONG needed = (n + 1) * sizeof(SYSTEM_PROCESS_INFORMATION);
    NTSTATUS status = returnLength ? KeStoreUlongToCaller(returnLength, needed) : STATUS_SUCCESS;
    if (NT_SUCCESS(status) && length < needed)
        status = STATUS_INFO_LENGTH_MISMATCH;
    for (ULONG i = 0; NT_SUCCESS(status) && i <= n; i++) {
        SYSTEM_PROCESS_INFORMATION info;
        describe_process(i ? list[i - 1] : NULL, &info);
        status = KeCopyToCaller((SYSTEM_PROCESS_INFORMATION *)buffer + i, &info, sizeof info);
    }
    release_snapshot(list, n);
    return status;
}

/* Walks one table, copying the entries that fit; counts them all. */
static NTSTATUS list_table(PHANDLE_TABLE table, ULONG processId, SYSTEM_HANDLE_ENTRY *out, ULONG capacity,
                           ULONG *count)
{
    OB_HANDLE_DESCRIPTION d;
    for (HANDLE h = ObEnumerateHandles(table, NULL, &d); h; h = ObEnumerateHandles(table, h, &d)) {
        if (*count < capacity) {
            SYSTEM_HANDLE_ENTRY e = { processId, (ULONG)d.Handle, d.GrantedAccess, d.Attributes, "", "" };
            RtlCopyString(e.TypeName, d.TypeName, sizeof e.TypeName);
            RtlCopyString(e.Name, d.Name, sizeof e.Name);
            NTSTATUS status = KeCopyToCaller(&out[*count], &e, sizeof e);
            if (!NT_SUCCESS(status))
                return status;
        }
        (*count)++;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS query_handles(PVOID buffer, ULONG length, PULONG returnLength)
{
    PSP_PROCESS *list[MAX_LISTED_PROCESSES];
    ULONG n = snapshot_processes(list), count = 0, capacity = length / sizeof(SYSTEM_HANDLE_ENTRY);
    NTSTATUS status = list_table(ObGetSystemHandleTable(), SYSTEM_PROCESS_ID, buffer, capacity, &count);
    for (ULONG i = 0; NT_SUCCESS(status) && i < n; i++)
        if (list[i]->HandleTable)
            status = list_table(list[i]->HandleTable, list[i]->Process.UniqueProcessId, buffer, capacity, &count);
    release_snapshot(list, n);
    if (NT_SUCCESS(status) && returnLength)
        status = KeStoreUlongToCaller(returnLength, count * sizeof(SYSTEM_HANDLE_ENTRY));
    if (NT_SUCCESS(status) && count > capacity)
        status = STATUS_INFO_LENGTH_MISMATCH;
    return status;
}

NTSTATUS NtQuerySystemInformation(ULONG informationClass, PVOID buffer, ULONG length, PULONG returnLength)
{
    switch (informationClass) {
    case SystemPoolTagInformation:
        return query_pool_tags(buffer, length, returnLength);
    case SystemProcessInformation:
        PspInitializeUserMode();
        return query_processes(buffer, length, returnLength);
    case SystemHandleInformation:
        PspInitializeUserMode();
        return query_handles(buffer, length, returnLength);
    case SystemProgramInformation:
        return PspQueryPrograms(buffer, length, returnLength);
    }
    return STATUS_INVALID_INFO_CLASS;
}
