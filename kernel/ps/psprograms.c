/* NtQuerySystemInformation(SystemProgramInformation): the members of the PROGRAMS archive, so the
   shell's `help` can list the programs it can run. */
#include "sysservice.h"
#include "psp.h"
#include "psimage.h"
#include "rtl.h"

NTSTATUS PspQueryPrograms(PVOID buffer, ULONG length, PULONG returnLength)
{
    const UCHAR *archive;
    ULONG size;
    NTSTATUS status = PspFindProgramArchive(&archive, &size);
    if (!NT_SUCCESS(status))
        return status;
    const ARCHIVE_HEADER *header = (const ARCHIVE_HEADER *)archive;
    const ARCHIVE_ENTRY *entries = (const ARCHIVE_ENTRY *)(header + 1);
    ULONG needed = header->Count * sizeof(SYSTEM_PROGRAM_INFORMATION);
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, needed)))
        return STATUS_ACCESS_VIOLATION;
    if (length < needed)
        return STATUS_INFO_LENGTH_MISMATCH;
    for (ULONG i = 0; i < header->Count; i++) {
        SYSTEM_PROGRAM_INFORMATION out;
        memset(&out, 0, sizeof out);
        RtlCopyString(out.Name, entries[i].Name, sizeof out.Name);
        out.Size = entries[i].Size;
        status = KeCopyToCaller((SYSTEM_PROGRAM_INFORMATION *)buffer + i, &out, sizeof out);
        if (!NT_SUCCESS(status))
            return status;
    }
    return STATUS_SUCCESS;
}
