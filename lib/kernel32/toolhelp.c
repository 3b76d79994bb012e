/* System-information snapshots for the inspection tools: NtQuerySystemInformation into memory from
   VirtualAlloc, sized from the length the service asks for. */
#include "toolhelp.h"

#define SNAPSHOT_ATTEMPTS 4
#define SNAPSHOT_SLACK    4096      /* room for what appears between asking and copying */

PVOID QuerySystemInformation(ULONG informationClass, PULONG length, NTSTATUS *status)
{
    ULONG needed = 0;
    *status = NtQuerySystemInformation(informationClass, NULL, 0, &needed);
    for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
        if (!NT_SUCCESS(*status) && *status != STATUS_INFO_LENGTH_MISMATCH)
            return NULL;
        ULONG size = needed + SNAPSHOT_SLACK;
        PVOID buffer = VirtualAlloc(NULL, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
        if (!buffer) {
            *status = STATUS_NO_MEMORY;
            return NULL;
        }
        *status = NtQuerySystemInformation(informationClass, buffer, size, &needed);
        if (NT_SUCCESS(*status)) {
            *length = needed;
            return buffer;
        }
        FreeSystemInformation(buffer);
    }
    return NULL;
}

void FreeSystemInformation(PVOID buffer)
{
    VirtualFree(buffer, 0, MEM_RELEASE);
}
