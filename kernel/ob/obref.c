/*
 * Object lifetimes: pointer references, deletion when the last one goes, the rule that a temporary
 * named object leaves its directory when its last handle closes, and access masks.
 */
#include "obp.h"
#include "ke.h"

static void delete_object(POBJECT_HEADER header)
{
    POBJECT_TYPE type = header->Type;
    if (type->TypeInfo.DeleteProcedure)
        type->TypeInfo.DeleteProcedure(header->Body);
    __atomic_sub_fetch(&type->TotalNumberOfObjects, 1, __ATOMIC_SEQ_CST);
    char *start = (char *)header - header->NameInfoOffset - sizeof(OBJECT_CREATE_INFORMATION);
    ExFreePoolWithTag(start, type->TypeInfo.PoolTag);
}

void ObReferenceObject(PVOID object)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    LONG count = __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    ASSERTMSG(count > 1, OB_BUGCHECK_REFERENCE_BY_POINTER, header->Type, object, count, 0);
}

void ObDereferenceObject(PVOID object)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    LONG count = __atomic_sub_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    ASSERTMSG(count >= 0, OB_BUGCHECK_REFERENCE_BY_POINTER, header->Type, object, count, 0);
    if (count == 0)
        delete_object(header);
}

NTSTATUS ObReferenceObjectByPointer(PVOID object, ACCESS_MASK desiredAccess, POBJECT_TYPE type,
                                    KPROCESSOR_MODE mode)
{
    if (type && ObGetObjectType(object) != type)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ObReferenceObject(object);
    return STATUS_SUCCESS;
}

void ObpDeleteNameCheck(POBJECT_HEADER header)
{
    OBJECT_HEADER_NAME_INFO *info = OBJECT_HEADER_TO_NAME_INFO(header);
    POBJECT_DIRECTORY dir = NULL;
    if (!info)
        return;
    ObpLockNamespace();
    if (info->Directory && header->HandleCount == 0 && !(header->Flags & OB_FLAG_PERMANENT_OBJECT))
        dir = ObpRemoveDirectoryEntry(header);
    ObpUnlockNamespace();
    if (dir) {
        ObDereferenceObject(dir);
        ObDereferenceObject(header->Body);
    }
}

void ObMakeTemporaryObject(PVOID object)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    ObpLockNamespace();
    header->Flags &= ~OB_FLAG_PERMANENT_OBJECT;
    ObpUnlockNamespace();
    ObpDeleteNameCheck(header);
}

/* There are no security descriptors: every access the type defines is granted, generic rights are
   mapped to the type's own, MAXIMUM_ALLOWED means all of them, anything else is denied. */
NTSTATUS ObpGrantAccess(POBJECT_TYPE type, ACCESS_MASK desired, ACCESS_MASK *granted)
{
    const GENERIC_MAPPING *map = &type->TypeInfo.GenericMapping;
    ACCESS_MASK valid = type->TypeInfo.ValidAccessMask;
    ACCESS_MASK access = desired & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
    if (desired & GENERIC_READ)
        access |= map->GenericRead;
    if (desired & GENERIC_WRITE)
        access |= map->GenericWrite;
    if (desired & GENERIC_EXECUTE)
        access |= map->GenericExecute;
    if (desired & GENERIC_ALL)
        access |= map->GenericAll;
    if (desired & MAXIMUM_ALLOWED)
        access |= valid;
    if (access & ~valid)
        return STATUS_ACCESS_DENIED;
    *granted = access;
    return STATUS_SUCCESS;
}
