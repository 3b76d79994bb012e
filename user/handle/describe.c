/* What a handle refers to. Process and thread objects have no names, so, as handle.exe does, the
   handle is duplicated into this process and the copy asked which process or thread it is. */
#include <stdio.h>
#include <string.h>
#include "handle.h"

/* A copy of another process's handle in this process, or NULL when that is not allowed. */
static HANDLE duplicate_into_self(const SYSTEM_HANDLE_ENTRY *entry)
{
    HANDLE copy = NULL;
    HANDLE owner = OpenProcess(PROCESS_DUP_HANDLE, FALSE, entry->UniqueProcessId);
    if (!owner)
        return NULL;
    if (!DuplicateHandle(owner, (HANDLE)entry->HandleValue, GetCurrentProcess(), &copy, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        copy = NULL;
    CloseHandle(owner);
    return copy;
}

static void describe_process(HANDLE copy, char *text, ULONG size)
{
    PROCESS_BASIC_INFORMATION info;
    if (NT_SUCCESS(NtQueryInformationProcess(copy, ProcessBasicInformation, &info, sizeof info, NULL)))
        snprintf(text, size, "%s(%u)", ImageOfProcess(info.UniqueProcessId), (unsigned)info.UniqueProcessId);
}

static void describe_thread(HANDLE copy, char *text, ULONG size)
{
    THREAD_BASIC_INFORMATION info;
    if (NT_SUCCESS(NtQueryInformationThread(copy, ThreadBasicInformation, &info, sizeof info, NULL)))
        snprintf(text, size, "%s(%u): %u", ImageOfProcess(info.ClientId.UniqueProcess),
                 (unsigned)info.ClientId.UniqueProcess, (unsigned)info.ClientId.UniqueThread);
}

void DescribeHandle(const SYSTEM_HANDLE_ENTRY *entry, char *text, ULONG size)
{
    BOOLEAN process = strcmp(entry->TypeName, "Process") == 0, thread = strcmp(entry->TypeName, "Thread") == 0;
    RtlCopyString(text, entry->Name, size);
    if (entry->Name[0] || (!process && !thread))
        return;
    HANDLE copy = duplicate_into_self(entry);
    if (!copy)
        return;
    if (process)
        describe_process(copy, text, size);
    else
        describe_thread(copy, text, size);
    CloseHandle(copy);
}
