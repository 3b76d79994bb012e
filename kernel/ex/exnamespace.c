/* The namespace services for obdir (WinObj's view of the object manager): NtOpenDirectoryObject and
   NtQueryDirectoryObject (one entry per call, by index), NtOpenSymbolicLinkObject and
   NtQuerySymbolicLinkObject (the link's target). */
#include "sysservice.h"
#include "ob.h"
#include "rtl.h"

NTSTATUS NtOpenDirectoryObject(PHANDLE directoryHandle, ACCESS_MASK desiredAccess, const char *name)
{
    return ObOpenObjectByCallerName(directoryHandle, desiredAccess, name, OBJ_CASE_INSENSITIVE,
                                    ObDirectoryObjectType);
}

NTSTATUS NtOpenSymbolicLinkObject(PHANDLE linkHandle, ACCESS_MASK desiredAccess, const char *name)
{
    return ObOpenObjectByCallerName(linkHandle, desiredAccess, name, OBJ_CASE_INSENSITIVE,
                                    ObSymbolicLinkObjectType);
}

NTSTATUS NtQueryDirectoryObject(HANDLE directoryHandle, OBJECT_DIRECTORY_INFORMATION *buffer, ULONG length,
                                PULONG context)
{
    OBJECT_DIRECTORY_INFORMATION entry;
    ULONG index;
    PVOID directory;
    if (length != sizeof entry)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS status = KeCopyFromCaller(&index, context, sizeof index);
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByHandle(directoryHandle, DIRECTORY_QUERY, ObDirectoryObjectType,
                                       KeGetPreviousMode(), &directory, NULL);
    if (!NT_SUCCESS(status))
        return status;
    memset(&entry, 0, sizeof entry);
    status = ObQueryDirectoryEntry(directory, index, entry.Name, sizeof entry.Name, entry.TypeName,
                                   sizeof entry.TypeName);
    ObDereferenceObject(directory);
    if (status != STATUS_SUCCESS)
        return status;
    status = KeCopyToCaller(buffer, &entry, sizeof entry);
    return NT_SUCCESS(status) ? KeStoreUlongToCaller(context, index + 1) : status;
}

NTSTATUS NtQuerySymbolicLinkObject(HANDLE linkHandle, char *buffer, ULONG length, PULONG returnLength)
{
    char target[OB_MAX_PATH];
    PVOID link;
    NTSTATUS status = ObReferenceObjectByHandle(linkHandle, SYMBOLIC_LINK_QUERY, ObSymbolicLinkObjectType,
                                                KeGetPreviousMode(), &link, NULL);
    if (!NT_SUCCESS(status))
        return status;
    ObQuerySymbolicLink(link, target, sizeof target);
    ObDereferenceObject(link);
    ULONG needed = strlen(target) + 1;
    if (returnLength && !NT_SUCCESS(KeStoreUlongToCaller(returnLength, needed)))
        return STATUS_ACCESS_VIOLATION;
    if (length < needed)
        return STATUS_BUFFER_TOO_SMALL;
    return KeCopyToCaller(buffer, target, needed);
}
