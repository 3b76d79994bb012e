/*
 * Handles: which table a handle lives in (a process's, or the kernel handle table), opening handles,
 * referencing objects through them, and the handle tables of processes (inheritance, exit sweep).
 */
#include "obp.h"
#include "kb.h"
#include "ke.h"

PHANDLE_TABLE ObpKernelHandleTable;
const OB_PROCESS_ROUTINES *ObpProcessRoutines;

const OB_PROCESS_ROUTINES *ObSetProcessRoutines(const OB_PROCESS_ROUTINES *routines)
{
    const OB_PROCESS_ROUTINES *previous = ObpProcessRoutines;
    ObpProcessRoutines = routines;
    return previous;
}

PHANDLE_TABLE ObGetSystemHandleTable(void)
{
    return ObpKernelHandleTable;
}

PHANDLE_TABLE ObpCurrentHandleTable(void)
{
    PHANDLE_TABLE table = ObpProcessRoutines ? ObpProcessRoutines->CurrentHandleTable() : NULL;
    return table ? table : ObpKernelHandleTable;
}

static BOOLEAN is_pseudo_handle(HANDLE handle)
{
    return handle == (HANDLE)(ULONG_PTR)-1 || handle == (HANDLE)(ULONG_PTR)-2;
}

/*
 * Q160650. NT 4.0 had no kernel handle table: a handle that a driver opened while running in some
 * process's context went into that process's table, where the process could close it, or get its
 * value back from its next open, behind the driver's back. The fix (the kernel handle table that
 * Windows 2000 documents as OBJ_KERNEL_HANDLE) keeps kernel-mode handles that ask for it in the
 * System process's table, named by values with the top bit set that mean nothing to user mode.
 * This one decision serves both directions: where a new handle goes and which table a value names.
 */
static BOOLEAN use_kernel_table(BOOLEAN kernelHandle, KPROCESSOR_MODE mode)
{
    if (KB_BUG(Q160650))
        return FALSE;
    return kernelHandle && mode == KernelMode;
}

PHANDLE_TABLE ObpHandleTableFor(HANDLE *handle, KPROCESSOR_MODE mode)
{
    BOOLEAN kernelValue = ((ULONG_PTR)*handle & KERNEL_HANDLE_FLAG) && !is_pseudo_handle(*handle);
    if (use_kernel_table(kernelValue, mode)) {
        *handle = (HANDLE)((ULONG_PTR)*handle & ~(ULONG_PTR)KERNEL_HANDLE_FLAG);
        return ObpKernelHandleTable;
    }
    return ObpCurrentHandleTable();
}

static void decrement_handle_count(PVOID process, POBJECT_HEADER header, ACCESS_MASK granted)
{
    POBJECT_TYPE type = header->Type;
    if (type->TypeInfo.CloseProcedure)
        type->TypeInfo.CloseProcedure(process, header->Body, granted, header->HandleCount);
    __atomic_sub_fetch(&type->TotalNumberOfHandles, 1, __ATOMIC_SEQ_CST);
    LONG count = __atomic_sub_fetch(&header->HandleCount, 1, __ATOMIC_SEQ_CST);
    ASSERTMSG(count >= 0, OB_BUGCHECK_REFERENCE_BY_POINTER, type, header->Body, count, 1);
    if (count == 0)
        ObpDeleteNameCheck(header);
}

static void increment_handle_count(POBJECT_HEADER header)
{
    POBJECT_TYPE type = header->Type;
    __atomic_add_fetch(&header->HandleCount, 1, __ATOMIC_SEQ_CST);
    ULONG count = __atomic_add_fetch(&type->TotalNumberOfHandles, 1, __ATOMIC_SEQ_CST);
    if (count > type->HighWaterNumberOfHandles)
        type->HighWaterNumberOfHandles = count;
}

NTSTATUS ObpCreateHandleInTable(PHANDLE_TABLE table, OB_OPEN_REASON reason, PVOID object, ULONG attributes,
                                ACCESS_MASK granted, HANDLE *handle)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    OB_OPEN_METHOD open = header->Type->TypeInfo.OpenProcedure;
    if (open) {
        NTSTATUS status = open(reason, table->Owner, object, granted, header->HandleCount + 1);
        if (!NT_SUCCESS(status))
            return status;
    }
    increment_handle_count(header);
    HANDLE_TABLE_ENTRY entry = { 0 };
    entry.Object = (ULONG_PTR)header | (attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE));
    entry.GrantedAccess = granted;
    *handle = ExCreateHandle(table, &entry);
    if (!*handle) {
        decrement_handle_count(table->Owner, header, granted);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

NTSTATUS ObpCreateHandle(PVOID object, ULONG attributes, ACCESS_MASK granted, KPROCESSOR_MODE mode,
                         OB_OPEN_REASON reason, HANDLE *handle)
{
    BOOLEAN kernel = use_kernel_table((attributes & OBJ_KERNEL_HANDLE) != 0, mode);
    PHANDLE_TABLE table = kernel ? ObpKernelHandleTable : ObpCurrentHandleTable();
    NTSTATUS status = ObpCreateHandleInTable(table, reason, object, attributes, granted, handle);
    if (NT_SUCCESS(status) && kernel)
        *handle = (HANDLE)((ULONG_PTR)*handle | KERNEL_HANDLE_FLAG);
    return status;
}

void ObpCloseHandleEntry(PVOID process, const HANDLE_TABLE_ENTRY *entry)
{
    POBJECT_HEADER header = ExHandleEntryObject(entry);
    decrement_handle_count(process, header, entry->GrantedAccess);
    ObDereferenceObject(header->Body);
}

static NTSTATUS reference_pseudo_handle(HANDLE handle, POBJECT_TYPE type, PVOID *object,
                                        POBJECT_HANDLE_INFORMATION info)
{
    const OB_PROCESS_ROUTINES *routines = ObpProcessRoutines;
    PVOID target = NULL;
    if (routines)
        target = handle == (HANDLE)(ULONG_PTR)-1 ? routines->CurrentProcess() : routines->CurrentThread();
    if (!target)
        return STATUS_INVALID_HANDLE;
    if (type && ObGetObjectType(target) != type)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObReferenceObject(target);
    if (info) {
        info->HandleAttributes = 0;
        info->GrantedAccess = ObGetObjectType(target)->TypeInfo.ValidAccessMask;
    }
    *object = target;
    return STATUS_SUCCESS;
}

NTSTATUS ObReferenceObjectByHandle(HANDLE handle, ACCESS_MASK desiredAccess, POBJECT_TYPE type,
                                   KPROCESSOR_MODE mode, PVOID *object, POBJECT_HANDLE_INFORMATION info)
{
    if (is_pseudo_handle(handle))
        return reference_pseudo_handle(handle, type, object, info);
    PHANDLE_TABLE table = ObpHandleTableFor(&handle, mode);
    PHANDLE_TABLE_ENTRY entry = ExMapHandleToPointer(table, handle);
    if (!entry)
        return STATUS_INVALID_HANDLE;
    POBJECT_HEADER header = ExHandleEntryObject(entry);
    NTSTATUS status = STATUS_SUCCESS;
    ACCESS_MASK wanted;
    if (type && header->Type != type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    else if (mode == UserMode && (!NT_SUCCESS(ObpGrantAccess(header->Type, desiredAccess, &wanted))
                                  || (wanted & ~entry->GrantedAccess)))
        status = STATUS_ACCESS_DENIED;
    if (NT_SUCCESS(status)) {
        __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
        if (info) {
            info->HandleAttributes = ExHandleEntryAttributes(entry);
            info->GrantedAccess = entry->GrantedAccess;
        }
        *object = header->Body;
    }
    ExUnlockHandleTableEntry(table, entry);
    return status;
}

NTSTATUS ObOpenObjectByPointer(PVOID object, ULONG handleAttributes, ACCESS_MASK desiredAccess,
                               POBJECT_TYPE type, KPROCESSOR_MODE mode, HANDLE *handle)
{
    ACCESS_MASK granted;
    NTSTATUS status = ObReferenceObjectByPointer(object, desiredAccess, type, mode);
    if (!NT_SUCCESS(status))
        return status;
    status = ObpGrantAccess(ObGetObjectType(object), desiredAccess, &granted);
    if (NT_SUCCESS(status))
        status = ObpCreateHandle(object, handleAttributes, granted, mode, ObOpenHandle, handle);
    if (!NT_SUCCESS(status))
        ObDereferenceObject(object);
    return status;
}

static BOOLEAN inherit_handle(PHANDLE_TABLE_ENTRY copy, PVOID context)
{
    if (!(copy->Object & OBJ_INHERIT))
        return FALSE;
    POBJECT_HEADER header = ExHandleEntryObject(copy);
    increment_handle_count(header);
    __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    return TRUE;
}

NTSTATUS ObInitProcess(PHANDLE_TABLE parent, PVOID process, PHANDLE_TABLE *table)
{
    *table = parent ? ExDupHandleTable(parent, process, inherit_handle, NULL) : ExCreateHandleTable(process);
    return *table ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

static void close_swept_handle(HANDLE handle, const HANDLE_TABLE_ENTRY *entry, PVOID process)
{
    ObpCloseHandleEntry(process, entry);
}

void ObKillProcess(PHANDLE_TABLE table)
{
    ExDestroyHandleTable(table, close_swept_handle, table->Owner);
}
