/*
 * NtClose, NtDuplicateObject and the handle-flag part of NtSetInformationObject (not a service yet)
 * at their core. What kernel mode closing a bad handle does is where Q160650's blue screen appears.
 */
#include "obp.h"
#include "kb.h"
#include "ke.h"

/*
 * Q160650. NT 4.0 bugchecked when kernel mode closed a handle that was not (or no longer) open: the
 * driver's second close of a handle the application had already closed. The service pack fix keeps
 * such handles out of reach of the application (see use_kernel_table in obhandle.c) and reports a bad
 * kernel-mode close as an error, as later NT versions do unless a kernel debugger asks for the stop.
 */
static NTSTATUS invalid_handle_closed(HANDLE handle, KPROCESSOR_MODE mode)
{
    if (mode == KernelMode) {
        if (KB_BUG(Q160650))
            KeBugCheckEx(INVALID_KERNEL_HANDLE, (ULONG_PTR)handle, 1, 0, 0);
    }
    return STATUS_INVALID_HANDLE;
}

/* Closes `value` (already decoded) in `table`; `handle` is what the caller passed. */
static NTSTATUS close_in_table(PHANDLE_TABLE table, HANDLE value, HANDLE handle, KPROCESSOR_MODE mode)
{
    PHANDLE_TABLE_ENTRY entry = ExMapHandleToPointer(table, value);
    if (!entry)
        return invalid_handle_closed(handle, mode);
    if (ExHandleEntryAttributes(entry) & OBJ_PROTECT_CLOSE) {
        ExUnlockHandleTableEntry(table, entry);
        if (mode == KernelMode)
            KeBugCheckEx(INVALID_KERNEL_HANDLE, (ULONG_PTR)handle, 0, 0, 0);
        return STATUS_HANDLE_NOT_CLOSABLE;
    }
    HANDLE_TABLE_ENTRY copy = *entry;
    ExDestroyHandle(table, value, entry);
    ObpCloseHandleEntry(table->Owner, &copy);
    return STATUS_SUCCESS;
}

NTSTATUS ObCloseHandle(HANDLE handle, KPROCESSOR_MODE previousMode)
{
    HANDLE value = handle;
    PHANDLE_TABLE table = ObpHandleTableFor(&value, previousMode);
    return close_in_table(table, value, handle, previousMode);
}

NTSTATUS ObSetHandleAttributes(HANDLE handle, ULONG attributes, KPROCESSOR_MODE previousMode)
{
    PHANDLE_TABLE table = ObpHandleTableFor(&handle, previousMode);
    PHANDLE_TABLE_ENTRY entry = ExMapHandleToPointer(table, handle);
    if (!entry)
        return STATUS_INVALID_HANDLE;
    ULONG_PTR settable = OBJ_INHERIT | OBJ_PROTECT_CLOSE;
    entry->Object = (entry->Object & ~settable) | (attributes & settable);
    ExUnlockHandleTableEntry(table, entry);
    return STATUS_SUCCESS;
}

/* References the object behind a source handle and reports its handle's access and attributes. */
static NTSTATUS reference_source(PHANDLE_TABLE table, HANDLE value, PVOID *object, ACCESS_MASK *access,
                                 ULONG *attributes)
{
    PHANDLE_TABLE_ENTRY entry = ExMapHandleToPointer(table, value);
    if (!entry)
        return STATUS_INVALID_HANDLE;
    POBJECT_HEADER header = ExHandleEntryObject(entry);
    __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    *object = header->Body;
    *access = entry->GrantedAccess;
    *attributes = ExHandleEntryAttributes(entry);
    ExUnlockHandleTableEntry(table, entry);
    return STATUS_SUCCESS;
}

NTSTATUS ObDuplicateObject(PHANDLE_TABLE sourceTable, HANDLE sourceHandle, PHANDLE_TABLE targetTable,
                           HANDLE *targetHandle, ACCESS_MASK desiredAccess, ULONG handleAttributes,
                           ULONG options, KPROCESSOR_MODE previousMode)
{
    PVOID object;
    ACCESS_MASK access = 0;
    ULONG attributes = 0;
    HANDLE value = sourceHandle;
    NTSTATUS status;
    if (!sourceTable && (value == (HANDLE)(ULONG_PTR)-1 || value == (HANDLE)(ULONG_PTR)-2)) {
        OBJECT_HANDLE_INFORMATION info;
        status = ObReferenceObjectByHandle(value, 0, NULL, previousMode, &object, &info);
        access = info.GrantedAccess;
        options &= ~DUPLICATE_CLOSE_SOURCE;             /* a pseudo-handle is never closed */
    } else {
        if (!sourceTable)
            sourceTable = ObpHandleTableFor(&value, previousMode);
        status = reference_source(sourceTable, value, &object, &access, &attributes);
    }
    if (!NT_SUCCESS(status))
        return status;
    if (options & DUPLICATE_CLOSE_SOURCE)
        close_in_table(sourceTable, value, sourceHandle, previousMode);
    if (!targetHandle) {
        ObDereferenceObject(object);
        return STATUS_SUCCESS;
    }
    if (!(options & DUPLICATE_SAME_ACCESS))
        status = ObpGrantAccess(ObGetObjectType(object), desiredAccess, &access);
    if (!(options & DUPLICATE_SAME_ATTRIBUTES))
        attributes = handleAttributes;
    if (NT_SUCCESS(status))
        status = targetTable
            ? ObpCreateHandleInTable(targetTable, ObDuplicateHandle, object, attributes, access, targetHandle)
            : ObpCreateHandle(object, attributes, access, previousMode, ObDuplicateHandle, targetHandle);
    if (!NT_SUCCESS(status))
        ObDereferenceObject(object);
    return status;
}
