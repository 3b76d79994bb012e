/*
 * Creating objects: ObCreateObject allocates [create info][name info][OBJECT_HEADER][body][name] in
 * one pool block with the type's tag; ObInsertObject gives the object its name in the namespace and
 * its first handle. Object types are objects too, named in \ObjectTypes.
 */
#include "obp.h"
#include "ke.h"
#include "rtl.h"

_Static_assert(sizeof(OBJECT_CREATE_INFORMATION) % 8 == 0, "prefix keeps the header 8-byte aligned");
_Static_assert(sizeof(OBJECT_HEADER_NAME_INFO) % 8 == 0, "prefix keeps the header 8-byte aligned");
_Static_assert(sizeof(OBJECT_HEADER) == 0x18, "NT 5.x x86 header size");

#define ROUND_UP_8(n) (((n) + 7u) & ~7u)

static const char *object_name(const OBJECT_ATTRIBUTES *oa)
{
    return oa && oa->ObjectName && oa->ObjectName[0] ? oa->ObjectName : NULL;
}

NTSTATUS ObCreateObject(KPROCESSOR_MODE mode, POBJECT_TYPE type, const OBJECT_ATTRIBUTES *oa,
                        ULONG bodySize, PVOID *object)
{
    ULONG attributes = oa ? oa->Attributes : 0;
    HANDLE root = oa ? oa->RootDirectory : NULL;
    const char *name = object_name(oa);
    if (attributes & ~OBJ_VALID_ATTRIBUTES)
        return STATUS_INVALID_PARAMETER;
    if (root && !name)
        return STATUS_OBJECT_NAME_INVALID;
    if (name) {
        NTSTATUS status = ObpCheckNameSyntax(name, root != NULL);
        if (!NT_SUCCESS(status))
            return status;
    }
    ULONG nameInfo = name ? sizeof(OBJECT_HEADER_NAME_INFO) : 0;
    ULONG nameBytes = name ? strlen(name) + 1 : 0;
    ULONG size = sizeof(OBJECT_CREATE_INFORMATION) + nameInfo + sizeof(OBJECT_HEADER) + ROUND_UP_8(bodySize)
                 + nameBytes;
    char *block = ExAllocatePoolWithTag(type->TypeInfo.PoolType, size, type->TypeInfo.PoolTag);
    if (!block)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(block, 0, size);
    OBJECT_CREATE_INFORMATION *create = (OBJECT_CREATE_INFORMATION *)block;
    POBJECT_HEADER header = (POBJECT_HEADER)(block + sizeof *create + nameInfo);
    ASSERTMSG(((ULONG_PTR)header & OBJ_HANDLE_ATTRIBUTES) == 0, BAD_POOL_CALLER, 0x99, block, size, 0);
    header->PointerCount = 1;
    header->Type = type;
    header->NameInfoOffset = (UCHAR)nameInfo;
    header->Flags = OB_FLAG_NEW_OBJECT | (mode == KernelMode ? OB_FLAG_KERNEL_OBJECT : 0)
                    | (attributes & OBJ_PERMANENT ? OB_FLAG_PERMANENT_OBJECT : 0);
    header->ObjectCreateInfo = create;
    create->Attributes = attributes;
    create->RootDirectory = root;
    create->ProbeMode = mode;
    if (name) {
        create->FullName = (char *)header->Body + ROUND_UP_8(bodySize);
        memcpy(create->FullName, name, nameBytes);
    }
    ULONG count = __atomic_add_fetch(&type->TotalNumberOfObjects, 1, __ATOMIC_SEQ_CST);
    if (count > type->HighWaterNumberOfObjects)
        type->HighWaterNumberOfObjects = count;
    *object = header->Body;
    return STATUS_SUCCESS;
}

/* Opens the existing object that an OBJ_OPENIF create collided with. */
static NTSTATUS open_existing(PVOID existing, POBJECT_TYPE type, ULONG attributes, ACCESS_MASK granted,
                              KPROCESSOR_MODE mode, PVOID *referenced, HANDLE *handle)
{
    if (ObGetObjectType(existing) != type) {
        ObDereferenceObject(existing);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (referenced) {
        ObReferenceObject(existing);
        *referenced = existing;
    }
    NTSTATUS status = ObpCreateHandle(existing, attributes, granted, mode, ObOpenHandle, handle);
    if (!NT_SUCCESS(status)) {
        if (referenced)
            ObDereferenceObject(existing);
        ObDereferenceObject(existing);
        return status;
    }
    return STATUS_OBJECT_NAME_EXISTS;
}

/* Puts a new object's name in its directory. On a collision with OBJ_OPENIF, *existing is the
   (referenced) object already there. */
static NTSTATUS insert_name(POBJECT_HEADER header, OBJECT_CREATE_INFORMATION *create, PVOID *existing)
{
    OBJECT_HEADER_NAME_INFO *info = OBJECT_HEADER_TO_NAME_INFO(header);
    OBP_LOOKUP lookup;
    NTSTATUS status = ObpLookupObjectName(create->RootDirectory, create->FullName, create->Attributes,
                                          header->Type, create->ProbeMode, NULL, TRUE, &lookup);
    if (status == STATUS_OBJECT_NAME_COLLISION && (create->Attributes & OBJ_OPENIF)) {
        *existing = lookup.Object;
        lookup.Object = NULL;
    }
    if (status != STATUS_OBJECT_NAME_NOT_FOUND || !lookup.Parent) {
        ObpReleaseLookup(&lookup);
        return status == STATUS_OBJECT_NAME_NOT_FOUND ? STATUS_OBJECT_PATH_NOT_FOUND : status;
    }
    memmove(create->FullName, lookup.LastComponent, lookup.LastLength);
    create->FullName[lookup.LastLength] = 0;
    info->Name = create->FullName;
    info->NameLength = lookup.LastLength;
    status = STATUS_SUCCESS;
    ObpLockNamespace();
    if (ObpLookupDirectoryEntry(lookup.Parent, info->Name, info->NameLength))
        status = STATUS_OBJECT_NAME_COLLISION;      /* lost a race with another creator */
    else
        ObpInsertDirectoryEntry(lookup.Parent, header);
    ObpUnlockNamespace();
    ObpReleaseLookup(&lookup);
    return status;
}

NTSTATUS ObInsertObject(PVOID object, ACCESS_MASK desiredAccess, PVOID *referenced, HANDLE *handle)
{
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    OBJECT_CREATE_INFORMATION *create = header->ObjectCreateInfo;
    POBJECT_TYPE type = header->Type;
    ASSERTMSG(header->Flags & OB_FLAG_NEW_OBJECT, OB_BUGCHECK_REFERENCE_BY_POINTER, header->Type, object,
              header->PointerCount, 1);
    ULONG attributes = create->Attributes;
    KPROCESSOR_MODE mode = create->ProbeMode;
    BOOLEAN named = header->NameInfoOffset != 0;
    ACCESS_MASK granted;
    NTSTATUS status = ObpGrantAccess(type, desiredAccess, &granted);
    if (NT_SUCCESS(status) && !handle && (!named || !(header->Flags & OB_FLAG_PERMANENT_OBJECT) || !referenced))
        status = STATUS_INVALID_PARAMETER;
    PVOID existing = NULL;
    if (NT_SUCCESS(status) && named)
        status = insert_name(header, create, &existing);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(object);
        if (existing && handle)
            return open_existing(existing, type, attributes, granted, mode, referenced, handle);
        if (existing)
            ObDereferenceObject(existing);
        return status;
    }
    header->Flags &= ~OB_FLAG_NEW_OBJECT;
    header->ObjectCreateInfo = NULL;
    if (!handle) {
        *referenced = object;
        return STATUS_SUCCESS;
    }
    if (referenced) {
        ObReferenceObject(object);
        *referenced = object;
    }
    status = ObpCreateHandle(object, attributes, granted, mode, ObCreateHandle, handle);
    if (!NT_SUCCESS(status)) {
        if (referenced)
            ObDereferenceObject(object);
        ObpDeleteNameCheck(header);
        ObDereferenceObject(object);
    }
    return status;
}

/* The type of types is its own type: while it is being created, this stands in for it. */
static OBJECT_TYPE TypeTypeBootstrap = {
    .Name = "Type",
    .TypeInfo = { .PoolType = NonPagedPool, .PoolTag = POOL_TAG('O', 'b', 'j', 'T'),
                  .ValidAccessMask = OBJECT_TYPE_ALL_ACCESS,
                  .GenericMapping = { READ_CONTROL, READ_CONTROL, READ_CONTROL, OBJECT_TYPE_ALL_ACCESS } },
};

POBJECT_TYPE ObpTypeObjectType;
PVOID ObpTypeDirectoryObject;

/* Before \ObjectTypes exists (ObInitSystem), types stay unnamed-in-namespace; ObInitSystem inserts them. */
NTSTATUS ObpInsertType(POBJECT_TYPE type)
{
    PVOID referenced;
    NTSTATUS status = ObInsertObject(type, 0, &referenced, NULL);
    if (NT_SUCCESS(status))
        ObDereferenceObject(referenced);    /* the directory keeps it */
    return status;
}

NTSTATUS ObCreateObjectType(const char *name, const OBJECT_TYPE_INITIALIZER *init, POBJECT_TYPE *type)
{
    char path[64];
    if (RtlFormat(path, sizeof path, "\\ObjectTypes\\%s", name) >= (int)sizeof path)
        return STATUS_OBJECT_NAME_INVALID;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, path, OBJ_PERMANENT, NULL);
    POBJECT_TYPE typeType = ObpTypeObjectType ? ObpTypeObjectType : &TypeTypeBootstrap;
    ULONG nameBytes = strlen(name) + 1;
    POBJECT_TYPE created;
    NTSTATUS status = ObCreateObject(KernelMode, typeType, &oa, sizeof *created + nameBytes, (PVOID *)&created);
    if (!NT_SUCCESS(status))
        return status;
    memcpy(created + 1, name, nameBytes);
    created->Name = (const char *)(created + 1);
    created->TypeInfo = *init;
    if (!ObpTypeObjectType) {
        OBJECT_TO_OBJECT_HEADER(created)->Type = created;
        created->TotalNumberOfObjects = TypeTypeBootstrap.TotalNumberOfObjects;
        created->HighWaterNumberOfObjects = TypeTypeBootstrap.HighWaterNumberOfObjects;
        ObpTypeObjectType = created;
    }
    if (ObpTypeDirectoryObject) {
        status = ObpInsertType(created);
        if (!NT_SUCCESS(status))
            return status;
    }
    *type = created;
    return STATUS_SUCCESS;
}
