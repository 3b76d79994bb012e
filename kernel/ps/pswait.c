/* Waits on objects by handle: NtWaitForSingleObject and NtWaitForMultipleObjects. A process, a
   thread and an event are waitable (each type's dispatcher object); other types are not. */
#include "psp.h"
#include "sysservice.h"
#include "ex.h"

#define WAIT_BLOCK_TAG POOL_TAG('W', 'a', 'i', 't')

extern POBJECT_TYPE ExEventObjectType;

static PVOID dispatcher_object(PVOID object)
{
    POBJECT_TYPE type = ObGetObjectType(object);
    if (type == PsProcessType)
        return &((PSP_PROCESS *)object)->Process.Pcb;
    if (type == PsThreadType)
        return &((PSP_THREAD *)object)->Thread.Tcb;
    if (type == ExEventObjectType)
        return object;
    return NULL;
}

static NTSTATUS capture_timeout(PLARGE_INTEGER callerTimeout, LONGLONG *timeout, const LONGLONG **use)
{
    *use = NULL;
    if (!callerTimeout)
        return STATUS_SUCCESS;
    *use = timeout;
    return KeCopyFromCaller(timeout, callerTimeout, sizeof *timeout);
}

NTSTATUS NtWaitForSingleObject(HANDLE handle, BOOLEAN alertable, PLARGE_INTEGER callerTimeout)
{
    LONGLONG timeout;
    const LONGLONG *use;
    PVOID object;
    NTSTATUS status = capture_timeout(callerTimeout, &timeout, &use);
    if (!NT_SUCCESS(status))
        return status;
    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, NULL, KeGetPreviousMode(), &object, NULL);
    if (!NT_SUCCESS(status))
        return status;
    PVOID waitable = dispatcher_object(object);
    if (waitable)
        status = KeWaitForSingleObject(waitable, UserRequest, KeGetPreviousMode(), alertable, use);
    else
        status = STATUS_OBJECT_TYPE_MISMATCH;
    ObDereferenceObject(object);
    return status;
}

static void release_objects(PVOID *objects, ULONG count)
{
    for (ULONG i = 0; i < count; i++)
        ObDereferenceObject(objects[i]);
}

NTSTATUS NtWaitForMultipleObjects(ULONG count, const HANDLE *callerHandles, ULONG waitType, BOOLEAN alertable,
                                  PLARGE_INTEGER callerTimeout)
{
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    PVOID objects[MAXIMUM_WAIT_OBJECTS], waitables[MAXIMUM_WAIT_OBJECTS];
    LONGLONG timeout;
    const LONGLONG *use;
    ULONG referenced = 0;
    if (count == 0 || count > MAXIMUM_WAIT_OBJECTS || (waitType != WaitAll && waitType != WaitAny))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = capture_timeout(callerTimeout, &timeout, &use);
    if (NT_SUCCESS(status))
        status = KeCopyFromCaller(handles, callerHandles, count * sizeof(HANDLE));
    for (; NT_SUCCESS(status) && referenced < count; referenced++) {
        status = ObReferenceObjectByHandle(handles[referenced], SYNCHRONIZE, NULL, KeGetPreviousMode(),
                                           &objects[referenced], NULL);
        if (!NT_SUCCESS(status))
            break;
        waitables[referenced] = dispatcher_object(objects[referenced]);
        if (!waitables[referenced])
            status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    KWAIT_BLOCK *blocks = NT_SUCCESS(status) && count > THREAD_WAIT_OBJECTS
        ? ExAllocatePoolWithTag(NonPagedPool, count * sizeof(KWAIT_BLOCK), WAIT_BLOCK_TAG) : NULL;
    if (NT_SUCCESS(status) && count > THREAD_WAIT_OBJECTS && !blocks)
        status = STATUS_INSUFFICIENT_RESOURCES;
    if (NT_SUCCESS(status))
        status = KeWaitForMultipleObjects(count, waitables, (WAIT_TYPE)waitType, UserRequest, KeGetPreviousMode(),
                                          alertable, use, blocks);
    if (blocks)
        ExFreePoolWithTag(blocks, WAIT_BLOCK_TAG);
    release_objects(objects, referenced);
    return status;
}
