/*
 * Object manager start-up: the Type, Directory and SymbolicLink types, the root directory, the
 * standard directories of the namespace, and the System process's handle table (which is also the
 * kernel handle table).
 */
#include "obp.h"
#include "ke.h"

POBJECT_TYPE ObDirectoryObjectType, ObSymbolicLinkObjectType;
PVOID ObpRootDirectoryObject;

static const OBJECT_TYPE_INITIALIZER TypeType = {
    .PoolType = NonPagedPool, .PoolTag = POOL_TAG('O', 'b', 'j', 'T'),
    .ValidAccessMask = OBJECT_TYPE_ALL_ACCESS,
    .GenericMapping = { READ_CONTROL, READ_CONTROL, READ_CONTROL, OBJECT_TYPE_ALL_ACCESS },
};

static const OBJECT_TYPE_INITIALIZER DirectoryType = {
    .PoolType = PagedPool, .PoolTag = POOL_TAG('D', 'i', 'r', 'e'),
    .ValidAccessMask = DIRECTORY_ALL_ACCESS,
    .GenericMapping = { READ_CONTROL | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                        READ_CONTROL | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
                        READ_CONTROL | DIRECTORY_QUERY | DIRECTORY_TRAVERSE, DIRECTORY_ALL_ACCESS },
};

static const OBJECT_TYPE_INITIALIZER SymbolicLinkType = {
    .PoolType = PagedPool, .PoolTag = POOL_TAG('S', 'y', 'm', 'b'),
    .ValidAccessMask = SYMBOLIC_LINK_ALL_ACCESS,
    .GenericMapping = { READ_CONTROL | SYMBOLIC_LINK_QUERY, READ_CONTROL, READ_CONTROL | SYMBOLIC_LINK_QUERY,
                        SYMBOLIC_LINK_ALL_ACCESS },
};

static const char *const StandardDirectories[] = { "\\ObjectTypes", "\\Device", "\\??", "\\BaseNamedObjects" };

/* Start-up cannot go on without the namespace: any failure here is final. */
static void must(NTSTATUS status, ULONG step)
{
    ASSERTMSG(NT_SUCCESS(status), OB_BUGCHECK_OBJECT_INITIALIZATION_FAILED, step, status, 0, 0);
}

static void create_root(void)
{
    PVOID root;
    must(ObCreateObject(KernelMode, ObDirectoryObjectType, NULL, sizeof(OBJECT_DIRECTORY), &root), 4);
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(root);
    header->Flags = (header->Flags & ~OB_FLAG_NEW_OBJECT) | OB_FLAG_PERMANENT_OBJECT;
    header->ObjectCreateInfo = NULL;
    ObpRootDirectoryObject = root;          /* keeps its creation reference for ever */
}

void ObInitSystem(void)
{
    POBJECT_TYPE typeType;
    must(ObCreateObjectType("Type", &TypeType, &typeType), 1);
    must(ObCreateObjectType("Directory", &DirectoryType, &ObDirectoryObjectType), 2);
    must(ObCreateObjectType("SymbolicLink", &SymbolicLinkType, &ObSymbolicLinkObjectType), 3);
    create_root();
    for (ULONG i = 0; i < sizeof StandardDirectories / sizeof StandardDirectories[0]; i++)
        must(ObCreateDirectory(StandardDirectories[i], 0, KernelMode, NULL), 10 + i);
    must(ObReferenceObjectByName("\\ObjectTypes", 0, 0, ObDirectoryObjectType, KernelMode, NULL,
                                 &ObpTypeDirectoryObject), 5);
    must(ObpInsertType(typeType), 6);
    must(ObpInsertType(ObDirectoryObjectType), 7);
    must(ObpInsertType(ObSymbolicLinkObjectType), 8);
    ObpKernelHandleTable = ExCreateHandleTable(NULL);
    must(ObpKernelHandleTable ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES, 9);
}
