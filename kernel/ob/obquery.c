/* What tools see of objects and handles: full names, NtQueryObject's record, handle enumeration. */
#include "obp.h"
#include "rtl.h"

#define OB_MAX_DEPTH 16

/* Appends s[0..length) to buffer (NUL-terminated, truncated to size); returns the new used length. */
static ULONG append(char *buffer, ULONG size, ULONG used, const char *s, ULONG length)
{
    for (ULONG i = 0; i < length; i++, used++)
        if (used + 1 < size)
            buffer[used] = s[i];
    if (size)
        buffer[used + 1 < size ? used : size - 1] = 0;
    return used;
}

ULONG ObGetObjectName(PVOID object, char *buffer, ULONG size)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    OB_QUERYNAME_METHOD query = header->Type->TypeInfo.QueryNameProcedure;
    if (query && NT_SUCCESS(query(object, buffer, size)))
        return strnlen(buffer, size);
    if (object == ObpRootDirectoryObject)
        return append(buffer, size, 0, "\\", 1);
    const OBJECT_HEADER_NAME_INFO *parts[OB_MAX_DEPTH];
    ULONG depth = 0, used = 0;
    BOOLEAN rooted = FALSE;
    ObpLockNamespace();
    for (POBJECT_HEADER h = header; depth < OB_MAX_DEPTH && !rooted;) {
        const OBJECT_HEADER_NAME_INFO *info = OBJECT_HEADER_TO_NAME_INFO(h);
        if (!info || !info->Directory)
            break;
        parts[depth++] = info;
        rooted = info->Directory == ObpRootDirectoryObject;
        h = OBJECT_TO_OBJECT_HEADER(info->Directory);
    }
    while (rooted && depth--) {
        used = append(buffer, size, used, "\\", 1);
        used = append(buffer, size, used, parts[depth]->Name, parts[depth]->NameLength);
    }
    ObpUnlockNamespace();
    if (!rooted)
        append(buffer, size, 0, "", 0);
    return used;
}

static void describe(PVOID object, ULONG attributes, ACCESS_MASK access, OB_HANDLE_DESCRIPTION *out)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    out->Attributes = attributes;
    out->GrantedAccess = access;
    out->HandleCount = header->HandleCount;
    out->PointerCount = header->PointerCount - 1;       /* not counting the describer's own */
    RtlCopyString(out->TypeName, header->Type->Name, sizeof out->TypeName);
    ObGetObjectName(object, out->Name, sizeof out->Name);
}

NTSTATUS ObQueryObject(HANDLE handle, KPROCESSOR_MODE previousMode, OB_HANDLE_DESCRIPTION *out)
{
    PVOID object;
    OBJECT_HANDLE_INFORMATION info;
    NTSTATUS status = ObReferenceObjectByHandle(handle, 0, NULL, previousMode, &object, &info);
    if (!NT_SUCCESS(status))
        return status;
    out->Handle = handle;
    describe(object, info.HandleAttributes, info.GrantedAccess, out);
    ObDereferenceObject(object);
    return STATUS_SUCCESS;
}

typedef struct _ENUM_CONTEXT {
    PVOID Object;
    ULONG Attributes;
    ACCESS_MASK GrantedAccess;
} ENUM_CONTEXT;

static BOOLEAN take_entry(HANDLE handle, PHANDLE_TABLE_ENTRY entry, PVOID context)
{
    ENUM_CONTEXT *c = context;
    POBJECT_HEADER header = ExHandleEntryObject(entry);
    __atomic_add_fetch(&header->PointerCount, 1, __ATOMIC_SEQ_CST);
    c->Object = header->Body;
    c->Attributes = ExHandleEntryAttributes(entry);
    c->GrantedAccess = entry->GrantedAccess;
    return TRUE;
}

HANDLE ObEnumerateHandles(PHANDLE_TABLE table, HANDLE after, OB_HANDLE_DESCRIPTION *out)
{
    ENUM_CONTEXT c;
    HANDLE handle = ExEnumHandleTable(table, after, take_entry, &c);
    if (handle) {
        out->Handle = handle;
        describe(c.Object, c.Attributes, c.GrantedAccess, out);
        ObDereferenceObject(c.Object);
    }
    return handle;
}
