/* The object services over the object manager's cores: NtClose and NtQueryObject (NtDuplicateObject,
   which names processes, is kernel/ps/psdup.c). */
#include "sysservice.h"
#include "ob.h"
#include "rtl.h"

NTSTATUS NtClose(HANDLE handle)
{
    return ObCloseHandle(handle, KeGetPreviousMode());
}

NTSTATUS NtQueryObject(HANDLE handle, ULONG informationClass, PVOID buffer, ULONG length, PULONG returnLength)
{
    OB_HANDLE_DESCRIPTION description;
    OBJECT_BASIC_INFORMATION info;
    if (informationClass != ObjectBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (length != sizeof info)
        return STATUS_INFO_LENGTH_MISMATCH;
    NTSTATUS status = ObQueryObject(handle, KeGetPreviousMode(), &description);
    if (!NT_SUCCESS(status))
        return status;
    memset(&info, 0, sizeof info);
    info.Attributes = description.Attributes;
    info.GrantedAccess = description.GrantedAccess;
    info.HandleCount = description.HandleCount;
    info.PointerCount = description.PointerCount;
    RtlCopyString(info.TypeName, description.TypeName, sizeof info.TypeName);
    RtlCopyString(info.Name, description.Name, sizeof info.Name);
    status = KeCopyToCaller(buffer, &info, sizeof info);
    if (NT_SUCCESS(status) && returnLength)
        status = KeStoreUlongToCaller(returnLength, sizeof info);
    return status;
}
