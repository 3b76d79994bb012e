/* Event objects for user mode: the Event type (a KEVENT body), NtCreateEvent and NtOpenEvent (named
   events live where Win32 puts them, in \BaseNamedObjects), NtSetEvent and NtResetEvent. */
#include "sysservice.h"
#include "ob.h"

POBJECT_TYPE ExEventObjectType;

static POBJECT_TYPE event_type(void)
{
    if (!ExEventObjectType) {
        OBJECT_TYPE_INITIALIZER init = {
            .PoolType = NonPagedPool, .PoolTag = POOL_TAG('E', 'v', 'e', 'n'), .ValidAccessMask = EVENT_ALL_ACCESS,
            .GenericMapping = { EVENT_QUERY_STATE | SYNCHRONIZE, EVENT_MODIFY_STATE, SYNCHRONIZE, EVENT_ALL_ACCESS },
        };
        NTSTATUS status = ObCreateObjectType("Event", &init, &ExEventObjectType);
        ASSERTMSG(NT_SUCCESS(status), SERVPACK_SCHEDULER_CORRUPT, status, 0, 0, 0x23);
    }
    return ExEventObjectType;
}

static NTSTATUS capture_name(const char *callerName, char *name, OBJECT_ATTRIBUTES *oa)
{
    InitializeObjectAttributes(oa, NULL, 0, NULL);
    if (!callerName)
        return STATUS_SUCCESS;
    oa->ObjectName = name;
    return KeCopyStringFromCaller(name, callerName, OB_MAX_PATH);
}

NTSTATUS NtCreateEvent(PHANDLE eventHandle, ACCESS_MASK desiredAccess, const char *callerName,
                       ULONG eventType, BOOLEAN initialState)
{
    char name[OB_MAX_PATH];
    OBJECT_ATTRIBUTES oa;
    KEVENT *event;
    HANDLE handle;
    if (eventType != NotificationEvent && eventType != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = capture_name(callerName, name, &oa);
    if (NT_SUCCESS(status))
        status = KeStoreUlongToCaller(eventHandle, 0);
    if (NT_SUCCESS(status))
        status = ObCreateObject(KeGetPreviousMode(), event_type(), &oa, sizeof *event, (PVOID *)&event);
    if (!NT_SUCCESS(status))
        return status;
    KeInitializeEvent(event, (EVENT_TYPE)eventType, initialState);
    status = ObInsertObject(event, desiredAccess, NULL, &handle);
    if (NT_SUCCESS(status))
        status = ObStoreHandleForCaller(eventHandle, handle);
    return status;
}

NTSTATUS NtOpenEvent(PHANDLE eventHandle, ACCESS_MASK desiredAccess, const char *callerName)
{
    return ObOpenObjectByCallerName(eventHandle, desiredAccess, callerName, 0, event_type());
}

static NTSTATUS change_event(HANDLE handle, PLONG previousState, BOOLEAN set)
{
    KEVENT *event;
    NTSTATUS status = ObReferenceObjectByHandle(handle, EVENT_MODIFY_STATE, event_type(), KeGetPreviousMode(),
                                                (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status))
        return status;
    LONG previous = set ? KeSetEvent(event, EVENT_INCREMENT, FALSE) : KeResetEvent(event);
    ObDereferenceObject(event);
    return previousState ? KeStoreUlongToCaller(previousState, (ULONG)previous) : STATUS_SUCCESS;
}

NTSTATUS NtSetEvent(HANDLE eventHandle, PLONG previousState)
{
    return change_event(eventHandle, previousState, TRUE);
}

NTSTATUS NtResetEvent(HANDLE eventHandle, PLONG previousState)
{
    return change_event(eventHandle, previousState, FALSE);
}
