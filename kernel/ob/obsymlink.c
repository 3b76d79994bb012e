/* Creating directory and symbolic-link objects (for the kernel's own namespace and for the services). */
#include "obp.h"
#include "rtl.h"

/* Inserts a new object; without a handle it is permanent and the creation reference is dropped
   (the directory keeps it alive). */
static NTSTATUS insert(PVOID object, ACCESS_MASK access, HANDLE *handle)
{
    PVOID referenced = NULL;
    NTSTATUS status = ObInsertObject(object, access, handle ? NULL : &referenced, handle);
    if (NT_SUCCESS(status) && referenced)
        ObDereferenceObject(referenced);
    return status;
}

NTSTATUS ObCreateDirectory(const char *name, ULONG attributes, KPROCESSOR_MODE mode, HANDLE *handle)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, name, attributes | (handle ? 0 : OBJ_PERMANENT), NULL);
    PVOID dir;
    NTSTATUS status = ObCreateObject(mode, ObDirectoryObjectType, &oa, sizeof(OBJECT_DIRECTORY), &dir);
    return NT_SUCCESS(status) ? insert(dir, DIRECTORY_ALL_ACCESS, handle) : status;
}

NTSTATUS ObCreateSymbolicLink(const char *name, const char *target, ULONG attributes, KPROCESSOR_MODE mode,
                              HANDLE *handle)
{
    NTSTATUS status = ObpCheckNameSyntax(target, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, name, attributes | (handle ? 0 : OBJ_PERMANENT), NULL);
    ULONG length = strlen(target);
    OBJECT_SYMBOLIC_LINK *link;
    status = ObCreateObject(mode, ObSymbolicLinkObjectType, &oa, sizeof *link + length + 1, (PVOID *)&link);
    if (!NT_SUCCESS(status))
        return status;
    link->TargetLength = length;
    memcpy(link->Target, target, length + 1);
    return insert(link, SYMBOLIC_LINK_ALL_ACCESS, handle);
}

ULONG ObQuerySymbolicLink(PVOID link, char *buffer, ULONG size)
{
    return RtlCopyString(buffer, ((OBJECT_SYMBOLIC_LINK *)link)->Target, size);
}
