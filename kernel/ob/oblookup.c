/*
 * Name lookup: walks the namespace one component at a time from the root (or a directory handle),
 * case-insensitively, rewriting the path when it meets a symbolic link and handing the rest of the
 * path to a type's parse procedure when it meets an object that is not a directory (a device, the
 * registry's root key). The namespace lock is held only around each directory probe.
 */
#include "obp.h"
#include "rtl.h"

#define OB_MAX_REPARSE 32
#define OB_NAME_TAG POOL_TAG('O', 'b', 'N', 'm')

/* The path becomes the link's target followed by what was left of it. */
static NTSTATUS follow_link(OBP_LOOKUP *out, OBJECT_SYMBOLIC_LINK *link, const char **path)
{
    size_t rest = strlen(*path);
    if (link->TargetLength + rest >= OB_MAX_PATH)
        return STATUS_OBJECT_NAME_INVALID;
    char *buffer = ExAllocatePoolWithTag(PagedPool, OB_MAX_PATH, OB_NAME_TAG);
    if (!buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    memcpy(buffer, link->Target, link->TargetLength);
    memcpy(buffer + link->TargetLength, *path, rest + 1);
    if (out->Buffer)
        ExFreePoolWithTag(out->Buffer, OB_NAME_TAG);
    out->Buffer = buffer;
    *path = buffer;
    return STATUS_SUCCESS;
}

static POBJECT_HEADER probe_directory(PVOID dir, const char *component, ULONG length)
{
    ObpLockNamespace();
    POBJECT_HEADER found = ObpLookupDirectoryEntry(dir, component, length);
    if (found)
        __atomic_add_fetch(&found->PointerCount, 1, __ATOMIC_SEQ_CST);
    ObpUnlockNamespace();
    return found;
}

static BOOLEAN opens_link_itself(POBJECT_TYPE type, ULONG attributes)
{
    return type == ObSymbolicLinkObjectType || (attributes & OBJ_OPENLINK);
}

/* The walk proper; `dir` is a referenced directory that the walk consumes. */
static NTSTATUS walk(PVOID dir, const char *path, ULONG attributes, POBJECT_TYPE type, KPROCESSOR_MODE mode,
                     PVOID parseContext, BOOLEAN forCreate, OBP_LOOKUP *out)
{
    for (ULONG reparses = 0;;) {
        if (path[0] == '\\' && path[1] == 0) {          /* the root itself */
            out->Object = dir;
            return forCreate ? STATUS_OBJECT_NAME_COLLISION : STATUS_SUCCESS;
        }
        const char *component;
        ULONG length = ObpNextComponent(&path, &component);
        BOOLEAN last = *path == 0;
        POBJECT_HEADER found = length ? probe_directory(dir, component, length) : NULL;
        if (length && forCreate && last) {
            if (found) {
                out->Object = found->Body;
                ObDereferenceObject(dir);
                return STATUS_OBJECT_NAME_COLLISION;
            }
            out->Parent = dir;
            out->LastComponent = component;
            out->LastLength = length;
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        ObDereferenceObject(dir);
        if (!length)
            return STATUS_OBJECT_NAME_INVALID;
        if (!found)
            return last ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_OBJECT_PATH_NOT_FOUND;
        PVOID object = found->Body;
        OB_PARSE_METHOD parse = found->Type->TypeInfo.ParseProcedure;
        if (found->Type == ObDirectoryObjectType && !last) {
            dir = object;
        } else if (found->Type == ObSymbolicLinkObjectType && !(last && opens_link_itself(type, attributes))) {
            NTSTATUS status = ++reparses > OB_MAX_REPARSE ? STATUS_OBJECT_PATH_NOT_FOUND
                                                          : follow_link(out, object, &path);
            ObDereferenceObject(object);
            if (!NT_SUCCESS(status))
                return status;
            dir = ObpRootDirectoryObject;
            ObReferenceObject(dir);
        } else if (parse && !forCreate) {
            NTSTATUS status = parse(object, type, mode, attributes, path, parseContext, &out->Object);
            ObDereferenceObject(object);
            return status;
        } else if (last) {
            out->Object = object;
            return STATUS_SUCCESS;
        } else {
            ObDereferenceObject(object);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
    }
}

NTSTATUS ObpLookupObjectName(HANDLE root, const char *name, ULONG attributes, POBJECT_TYPE type,
                             KPROCESSOR_MODE mode, PVOID parseContext, BOOLEAN forCreate, OBP_LOOKUP *out)
{
    memset(out, 0, sizeof *out);
    NTSTATUS status = ObpCheckNameSyntax(name, root != NULL);
    if (!NT_SUCCESS(status))
        return status;
    PVOID dir = ObpRootDirectoryObject;
    if (root) {
        status = ObReferenceObjectByHandle(root, DIRECTORY_TRAVERSE, ObDirectoryObjectType, mode, &dir, NULL);
        if (!NT_SUCCESS(status))
            return status;
    } else {
        ObReferenceObject(dir);
    }
    return walk(dir, name, attributes, type, mode, parseContext, forCreate, out);
}

void ObpReleaseLookup(OBP_LOOKUP *lookup)
{
    if (lookup->Object)
        ObDereferenceObject(lookup->Object);
    if (lookup->Parent)
        ObDereferenceObject(lookup->Parent);
    if (lookup->Buffer)
        ExFreePoolWithTag(lookup->Buffer, OB_NAME_TAG);
    memset(lookup, 0, sizeof *lookup);
}

NTSTATUS ObReferenceObjectByName(const char *name, ULONG attributes, ACCESS_MASK desiredAccess,
                                 POBJECT_TYPE type, KPROCESSOR_MODE mode, PVOID parseContext, PVOID *object)
{
    OBP_LOOKUP lookup;
    NTSTATUS status = ObpLookupObjectName(NULL, name, attributes, type, mode, parseContext, FALSE, &lookup);
    if (NT_SUCCESS(status) && type && ObGetObjectType(lookup.Object) != type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    if (NT_SUCCESS(status)) {
        *object = lookup.Object;
        lookup.Object = NULL;
    }
    ObpReleaseLookup(&lookup);
    return status;
}

NTSTATUS ObOpenObjectByName(const OBJECT_ATTRIBUTES *attributes, POBJECT_TYPE type, KPROCESSOR_MODE mode,
                            ACCESS_MASK desiredAccess, PVOID parseContext, HANDLE *handle)
{
    if (!attributes->ObjectName)
        return STATUS_OBJECT_NAME_INVALID;
    OBP_LOOKUP lookup;
    NTSTATUS status = ObpLookupObjectName(attributes->RootDirectory, attributes->ObjectName,
                                          attributes->Attributes, type, mode, parseContext, FALSE, &lookup);
    PVOID object = lookup.Object;
    lookup.Object = NULL;
    ObpReleaseLookup(&lookup);
    if (!NT_SUCCESS(status))
        return status;
    ACCESS_MASK granted;
    if (type && ObGetObjectType(object) != type)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    else
        status = ObpGrantAccess(ObGetObjectType(object), desiredAccess, &granted);
    if (NT_SUCCESS(status))
        status = ObpCreateHandle(object, attributes->Attributes, granted, mode, ObOpenHandle, handle);
    if (!NT_SUCCESS(status))
        ObDereferenceObject(object);
    return status;
}
