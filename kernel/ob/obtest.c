/* In-kernel tests of object lifetimes, names, the namespace, access checks and handle tables. */
#include "obp.h"
#include "ktest.h"
#include "hal.h"
#include "rtl.h"

#define TEST_QUERY  0x0001
#define TEST_MODIFY 0x0002
#define TEST_ALL    (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | TEST_QUERY | TEST_MODIFY)

static POBJECT_TYPE TestType, TestDeviceType;
static ULONG Deleted;
static char ParsedRest[64];

static void count_delete(PVOID object)
{
    Deleted++;
}

/* A device-like type: a lookup that goes on inside it ends here, at the object itself. */
static NTSTATUS test_parse(PVOID parseObject, POBJECT_TYPE type, KPROCESSOR_MODE mode, ULONG attributes,
                           const char *remaining, PVOID context, PVOID *object)
{
    RtlCopyString(ParsedRest, remaining, sizeof ParsedRest);
    ObReferenceObject(parseObject);
    *object = parseObject;
    return STATUS_SUCCESS;
}

static void make_types(void)
{
    if (TestType)
        return;
    OBJECT_TYPE_INITIALIZER init = {
        .PoolType = NonPagedPool, .PoolTag = POOL_TAG('O', 'b', 'T', 's'),
        .ValidAccessMask = TEST_ALL,
        .GenericMapping = { TEST_QUERY, TEST_MODIFY, SYNCHRONIZE, TEST_ALL },
        .DeleteProcedure = count_delete,
    };
    KT_EQ(ObCreateObjectType("ObTest", &init, &TestType), STATUS_SUCCESS);
    init.ParseProcedure = test_parse;
    KT_EQ(ObCreateObjectType("ObTestDevice", &init, &TestDeviceType), STATUS_SUCCESS);
}

static NTSTATUS create(POBJECT_TYPE type, const char *name, ULONG attributes, KPROCESSOR_MODE mode,
                       ACCESS_MASK access, HANDLE *handle)
{
    OBJECT_ATTRIBUTES oa;
    PVOID object;
    InitializeObjectAttributes(&oa, name, attributes, NULL);
    NTSTATUS status = ObCreateObject(mode, type, &oa, 16, &object);
    return NT_SUCCESS(status) ? ObInsertObject(object, access, NULL, handle) : status;
}

static PVOID object_of(HANDLE handle)
{
    PVOID object = NULL;
    if (NT_SUCCESS(ObReferenceObjectByHandle(handle, 0, NULL, KernelMode, &object, NULL)))
        ObDereferenceObject(object);
    return object;
}

static NTSTATUS lookup(const char *name, POBJECT_TYPE type, PVOID *object)
{
    *object = NULL;
    NTSTATUS status = ObReferenceObjectByName(name, 0, 0, type, KernelMode, NULL, object);
    if (NT_SUCCESS(status))
        ObDereferenceObject(*object);
    return status;
}

KTEST(ob_lifetime)
{
    make_types();
    ULONG objects = TestType->TotalNumberOfObjects, deleted = Deleted;
    PVOID object, referenced, again;
    HANDLE handle;
    KT_EQ(ObCreateObject(KernelMode, TestType, NULL, 16, &object), STATUS_SUCCESS);
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(object);
    KT_EQ(TestType->TotalNumberOfObjects, objects + 1);
    KT_EQ(ObInsertObject(object, TEST_ALL, &referenced, &handle), STATUS_SUCCESS);
    KT_EQ(referenced, object);
    KT_EQ(header->HandleCount, 1);
    KT_EQ(header->PointerCount, 2);
    KT_EQ(ObReferenceObjectByHandle(handle, TEST_QUERY, TestType, KernelMode, &again, NULL), STATUS_SUCCESS);
    KT_EQ(again, object);
    KT_EQ(header->PointerCount, 3);
    ObDereferenceObject(again);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_SUCCESS);
    KT_EQ(header->HandleCount, 0);
    KT_EQ(header->PointerCount, 1);
    KT_EQ(Deleted, deleted);                /* our reference still holds it */
    ObDereferenceObject(object);
    KT_EQ(Deleted, deleted + 1);
    KT_EQ(TestType->TotalNumberOfObjects, objects);
    KT_EQ(ObReferenceObjectByHandle(handle, 0, NULL, KernelMode, &again, NULL), STATUS_INVALID_HANDLE);
}

KTEST(ob_named)
{
    make_types();
    ULONG deleted = Deleted;
    HANDLE h1, h2, h3, h4;
    const char *name = "\\BaseNamedObjects\\ObTestNamed";
    KT_EQ(create(TestType, name, 0, KernelMode, TEST_ALL, &h1), STATUS_SUCCESS);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, "\\basenamedobjects\\OBTESTNAMED", 0, NULL);
    KT_EQ(ObOpenObjectByName(&oa, TestType, KernelMode, TEST_QUERY, NULL, &h2), STATUS_SUCCESS);
    KT_CHECK(object_of(h1) && object_of(h1) == object_of(h2));
    KT_EQ(create(TestType, name, 0, KernelMode, TEST_ALL, &h4), STATUS_OBJECT_NAME_COLLISION);
    KT_EQ(Deleted, deleted + 1);            /* the colliding new object is gone */
    KT_EQ(create(TestType, name, OBJ_OPENIF, KernelMode, TEST_ALL, &h3), STATUS_OBJECT_NAME_EXISTS);
    KT_EQ(object_of(h3), object_of(h1));
    KT_EQ(create(TestDeviceType, name, OBJ_OPENIF, KernelMode, TEST_ALL, &h4), STATUS_OBJECT_TYPE_MISMATCH);
    char buffer[64];
    KT_EQ(ObGetObjectName(object_of(h1), buffer, sizeof buffer), strlen(name));
    KT_EQ(strcmp(buffer, name), 0);
    KT_EQ(OBJECT_TO_OBJECT_HEADER(object_of(h1))->HandleCount, 3);
    PVOID found;
    KT_EQ(ObReferenceObjectByName(name, 0, 0, TestDeviceType, KernelMode, NULL, &found), STATUS_OBJECT_TYPE_MISMATCH);
    KT_EQ(ObCloseHandle(h1, KernelMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(h2, KernelMode), STATUS_SUCCESS);
    KT_EQ(lookup(name, NULL, &found), STATUS_SUCCESS);     /* one handle left: still named */
    KT_EQ(ObCloseHandle(h3, KernelMode), STATUS_SUCCESS);
    KT_EQ(lookup(name, NULL, &found), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EQ(Deleted, deleted + 4);            /* the collision, the OPENIF, the mismatch and the original */
    KT_EQ(lookup("\\NoSuchDirectory\\X", NULL, &found), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EQ(lookup("NoBackslash", NULL, &found), STATUS_OBJECT_PATH_SYNTAX_BAD);
    KT_EQ(lookup("\\BaseNamedObjects\\", NULL, &found), STATUS_OBJECT_NAME_INVALID);
    KT_EQ(lookup("\\BaseNamedObjects\\\\X", NULL, &found), STATUS_OBJECT_NAME_INVALID);
    KT_EQ(create(TestType, "\\NoSuchDirectory\\X", 0, KernelMode, 0, &h4), STATUS_OBJECT_PATH_NOT_FOUND);
}

KTEST(ob_permanent)
{
    make_types();
    ULONG deleted = Deleted;
    HANDLE handle;
    PVOID object;
    const char *name = "\\BaseNamedObjects\\ObTestPermanent";
    KT_EQ(create(TestType, name, OBJ_PERMANENT, KernelMode, TEST_ALL, &handle), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_SUCCESS);
    KT_EQ(lookup(name, TestType, &object), STATUS_SUCCESS);
    KT_EQ(Deleted, deleted);
    KT_EQ(ObReferenceObjectByName(name, 0, 0, TestType, KernelMode, NULL, &object), STATUS_SUCCESS);
    ObMakeTemporaryObject(object);
    PVOID gone;
    KT_EQ(lookup(name, NULL, &gone), STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EQ(Deleted, deleted);                /* our reference */
    ObDereferenceObject(object);
    KT_EQ(Deleted, deleted + 1);
}

KTEST(ob_access)
{
    make_types();
    ULONG deleted = Deleted;
    HANDLE handle, ignored;
    PVOID object;
    OBJECT_HANDLE_INFORMATION info;
    KT_EQ(create(TestType, NULL, 0, KernelMode, TEST_QUERY, &handle), STATUS_SUCCESS);
    KT_EQ(ObReferenceObjectByHandle(handle, 0, ObDirectoryObjectType, KernelMode, &object, NULL),
          STATUS_OBJECT_TYPE_MISMATCH);
    KT_EQ(ObReferenceObjectByHandle(handle, TEST_MODIFY, TestType, UserMode, &object, NULL), STATUS_ACCESS_DENIED);
    KT_EQ(ObReferenceObjectByHandle(handle, GENERIC_WRITE, TestType, UserMode, &object, NULL), STATUS_ACCESS_DENIED);
    KT_EQ(ObReferenceObjectByHandle(handle, GENERIC_READ, TestType, UserMode, &object, &info), STATUS_SUCCESS);
    KT_EQ(info.GrantedAccess, TEST_QUERY);
    ObDereferenceObject(object);
    KT_EQ(ObReferenceObjectByHandle(handle, TEST_MODIFY, TestType, KernelMode, &object, NULL), STATUS_SUCCESS);
    ObDereferenceObject(object);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_SUCCESS);
    KT_EQ(create(TestType, NULL, 0, KernelMode, 0x8, &ignored), STATUS_ACCESS_DENIED);
    KT_EQ(create(TestType, NULL, 0, KernelMode, MAXIMUM_ALLOWED, &handle), STATUS_SUCCESS);
    KT_EQ(ObReferenceObjectByHandle(handle, 0, NULL, KernelMode, &object, &info), STATUS_SUCCESS);
    KT_EQ(info.GrantedAccess, TEST_ALL);
    ObDereferenceObject(object);
    KT_EQ(ObCloseHandle(handle, KernelMode), STATUS_SUCCESS);
    KT_EQ(Deleted, deleted + 3);
}

KTEST(ob_symlink)
{
    make_types();
    HANDLE link, target, loopA, loopB;
    PVOID object, expected;
    char buffer[64];
    KT_EQ(ObCreateSymbolicLink("\\??\\ObTestLink", "\\BaseNamedObjects", 0, KernelMode, &link), STATUS_SUCCESS);
    KT_EQ(create(TestType, "\\BaseNamedObjects\\ObTestTarget", 0, KernelMode, TEST_ALL, &target), STATUS_SUCCESS);
    KT_EQ(lookup("\\??\\obtestlink\\ObTestTarget", TestType, &object), STATUS_SUCCESS);
    KT_EQ(object, object_of(target));
    KT_EQ(lookup("\\??\\ObTestLink", ObSymbolicLinkObjectType, &object), STATUS_SUCCESS);
    KT_EQ(object, object_of(link));
    KT_CHECK(ObQuerySymbolicLink(object, buffer, sizeof buffer) == 17 && strcmp(buffer, "\\BaseNamedObjects") == 0);
    KT_EQ(lookup("\\BaseNamedObjects", NULL, &expected), STATUS_SUCCESS);
    KT_EQ(lookup("\\??\\ObTestLink", NULL, &object), STATUS_SUCCESS);   /* followed to the directory */
    KT_EQ(object, expected);
    KT_EQ(ObCreateSymbolicLink("\\??\\ObLoopA", "\\??\\ObLoopB", 0, KernelMode, &loopA), STATUS_SUCCESS);
    KT_EQ(ObCreateSymbolicLink("\\??\\ObLoopB", "\\??\\ObLoopA", 0, KernelMode, &loopB), STATUS_SUCCESS);
    KT_EQ(lookup("\\??\\ObLoopA\\X", NULL, &object), STATUS_OBJECT_PATH_NOT_FOUND);
    KT_EQ(ObCreateSymbolicLink("\\??\\ObBad", "relative", 0, KernelMode, &loopB), STATUS_OBJECT_PATH_SYNTAX_BAD);
    KT_EQ(ObCloseHandle(loopA, KernelMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(loopB, KernelMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(link, KernelMode), STATUS_SUCCESS);
    KT_EQ(ObCloseHandle(target, KernelMode), STATUS_SUCCESS);
    KT_EQ(lookup("\\??\\ObTestLink", NULL, &object), STATUS_OBJECT_NAME_NOT_FOUND);
}

KTEST(ob_parse)
{
    make_types();
    HANDLE device;
    PVOID object;
    KT_EQ(create(TestDeviceType, "\\Device\\ObTestDevice", 0, KernelMode, TEST_ALL, &device), STATUS_SUCCESS);
    KT_EQ(lookup("\\Device\\obtestdevice\\Dir\\File.txt", NULL, &object), STATUS_SUCCESS);
    KT_EQ(object, object_of(device));
    KT_EQ(strcmp(ParsedRest, "\\Dir\\File.txt"), 0);
    KT_EQ(lookup("\\Device\\ObTestDevice", NULL, &object), STATUS_SUCCESS);
    KT_EQ(strcmp(ParsedRest, ""), 0);
    KT_EQ(ObCloseHandle(device, KernelMode), STATUS_SUCCESS);
}

static BOOLEAN directory_has(const char *directory, const char *name, const char *typeName)
{
    PVOID dir;
    char entry[32], type[32];
    BOOLEAN found = FALSE;
    if (!NT_SUCCESS(ObReferenceObjectByName(directory, 0, 0, ObDirectoryObjectType, KernelMode, NULL, &dir)))
        return FALSE;
    for (ULONG i = 0; NT_SUCCESS(ObQueryDirectoryEntry(dir, i, entry, sizeof entry, type, sizeof type)); i++) {
        found |= strcmp(entry, name) == 0 && strcmp(type, typeName) == 0;
    }
    ObDereferenceObject(dir);
    if (!found)
        DbgPrint("  no %s of type %s in %s\n", name, typeName, directory);
    return found;
}

KTEST(ob_namespace)
{
    make_types();
    char buffer[64];
    KT_CHECK(directory_has("\\ObjectTypes", "Type", "Type"));
    KT_CHECK(directory_has("\\ObjectTypes", "Directory", "Type"));
    KT_CHECK(directory_has("\\ObjectTypes", "SymbolicLink", "Type"));
    KT_CHECK(directory_has("\\ObjectTypes", "ObTest", "Type"));
    KT_CHECK(directory_has("\\", "ObjectTypes", "Directory"));
    KT_CHECK(directory_has("\\", "Device", "Directory"));
    KT_CHECK(directory_has("\\", "??", "Directory"));
    KT_CHECK(directory_has("\\", "BaseNamedObjects", "Directory"));
    ObGetObjectName(ObDirectoryObjectType, buffer, sizeof buffer);
    KT_EQ(strcmp(buffer, "\\ObjectTypes\\Directory"), 0);
    KT_EQ(ObGetObjectType(ObDirectoryObjectType), ObpTypeObjectType);
    KT_EQ(ObGetObjectType(ObpTypeObjectType), ObpTypeObjectType);
    KT_EQ(ObGetObjectName(ObpRootDirectoryObject, buffer, sizeof buffer), 1);
    KT_EQ(strcmp(buffer, "\\"), 0);
    KT_EQ(ObGetObjectName(ObDirectoryObjectType, buffer, 8), 22);     /* truncated, says what it needs */
    KT_EQ(strcmp(buffer, "\\Object"), 0);
}
