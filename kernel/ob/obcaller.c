/* What the system services share on top of Ob: handing a new handle to the service's caller, and
   opening an object by a name the caller passed. */
#include "obp.h"
#include "sysservice.h"

NTSTATUS ObStoreHandleForCaller(HANDLE *callerHandle, HANDLE handle)
{
    if (NT_SUCCESS(KeStoreUlongToCaller(callerHandle, (ULONG)handle)))
        return STATUS_SUCCESS;
    ObCloseHandle(handle, KernelMode);
    return STATUS_ACCESS_VIOLATION;
}

NTSTATUS ObOpenObjectByCallerName(HANDLE *callerHandle, ACCESS_MASK desiredAccess, const char *callerName,
                                  ULONG attributes, POBJECT_TYPE type)
{
    char name[OB_MAX_PATH];
    OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    if (!callerName)
        return STATUS_OBJECT_NAME_INVALID;
    InitializeObjectAttributes(&oa, name, attributes, NULL);
    NTSTATUS status = KeCopyStringFromCaller(name, callerName, sizeof name);
    if (NT_SUCCESS(status))
        status = KeStoreUlongToCaller(callerHandle, 0);
    if (NT_SUCCESS(status))
        status = ObOpenObjectByName(&oa, type, KeGetPreviousMode(), desiredAccess, NULL, &handle);
    return NT_SUCCESS(status) ? ObStoreHandleForCaller(callerHandle, handle) : status;
}
