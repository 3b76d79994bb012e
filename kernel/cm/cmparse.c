/* Key objects and the \Registry namespace. \Registry\Machine\SYSTEM and \Registry\Machine\SOFTWARE
   are permanent key objects whose parse procedure continues a lookup inside the hive: every open
   walks the path below them (stable keys, then volatile ones), takes a reference on the target's
   KCB and returns a new key object for it -- one object per open, as in NT. */
#include "cmp.h"
#include "ke.h"
#include "ketypes.h"
#include "rtl.h"

POBJECT_TYPE CmKeyObjectType;
static KMUTEX CmpRegistryMutex;

void CmpLockRegistry(void)
{
    KeWaitForSingleObject(&CmpRegistryMutex, Executive, KernelMode, FALSE, NULL);
}

void CmpUnlockRegistry(void)
{
    KeReleaseMutex(&CmpRegistryMutex, FALSE);
}

void CmpStampHive(CMHIVE *hive)
{
    LONGLONG now;
    KeQuerySystemTime(&now);
    hive->Hive.TimeLow = (ULONG)now;
    hive->Hive.TimeHigh = (ULONG)(now >> 32);
}

/* The last reference to a key object gives up its open instance of the KCB. */
static void key_delete(PVOID object)
{
    CM_KEY_BODY *body = object;
    if (!body->Kcb)
        return;
    CmpLockRegistry();
    CmpDereferenceKcb(body->Kcb);
    CmpUnlockRegistry();
}

static NTSTATUS key_parse(PVOID parseObject, POBJECT_TYPE type, KPROCESSOR_MODE mode, ULONG attributes,
                          const char *remaining, PVOID parseContext, PVOID *object)
{
    CM_PARSE_CONTEXT open = { 0 };
    (void)attributes;
    if (type && type != CmKeyObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    return CmpOpenBelow(parseObject, remaining, mode, parseContext ? parseContext : &open,
                        (CM_KEY_BODY **)object);
}

#define CM_MAX_NAME_DEPTH 32

/* The full name NT gives a key, "\Registry\Machine\SOFTWARE\A\B": up the parents to the hive's root
   (whose name is the hive's), and from a volatile key's own hive on to where it hangs. */
static NTSTATUS key_query_name(PVOID object, char *buffer, ULONG size)
{
    CM_KEY_BODY *body = object;
    CMHIVE *hives[CM_MAX_NAME_DEPTH];
    HCELL_INDEX cells[CM_MAX_NAME_DEPTH];
    if (size < 2)
        return STATUS_BUFFER_TOO_SMALL;
    ULONG depth = 0, used = RtlCopyString(buffer, "\\Registry\\Machine", size);
    used = used < size ? used : size - 1;
    CmpLockRegistry();
    CMHIVE *hive = body->Kcb->Hive;
    HCELL_INDEX cell = body->Kcb->KeyCell;
    while (depth < CM_MAX_NAME_DEPTH && !(body->Kcb->Flags & KCB_DELETED)) {
        hives[depth] = hive;
        cells[depth++] = cell;
        if (cell != HvRootCell(&hive->Hive))
            cell = HvGetKeyNode(&hive->Hive, cell)->Parent;
        else if (hive->Volatile && !hive->Unlinked)
            cell = hive->ParentCell, hive = hive->ParentHive;
        else
            break;
    }
    while (depth-- > 0 && used + 1 < size) {
        buffer[used++] = '\\';
        used += HvGetKeyName(&hives[depth]->Hive, cells[depth], buffer + used, size - used);
        used = used < size ? used : size - 1;
    }
    CmpUnlockRegistry();
    return STATUS_SUCCESS;
}

void CmpInitializeKeyObjects(void)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolType = PagedPool,
        .PoolTag = CM_KEY_TAG,
        .ValidAccessMask = KEY_ALL_ACCESS,
        .GenericMapping = { KEY_READ, KEY_WRITE, KEY_EXECUTE, KEY_ALL_ACCESS },
        .DeleteProcedure = key_delete,
        .ParseProcedure = key_parse,
        .QueryNameProcedure = key_query_name,
    };
    KeInitializeMutex(&CmpRegistryMutex, 0);
    NTSTATUS status = ObCreateObjectType("Key", &init, &CmKeyObjectType);
    if (NT_SUCCESS(status))
        status = ObCreateDirectory("\\Registry", OBJ_PERMANENT, KernelMode, NULL);
    if (NT_SUCCESS(status))
        status = ObCreateDirectory("\\Registry\\Machine", OBJ_PERMANENT, KernelMode, NULL);
    if (!NT_SUCCESS(status))
        KeBugCheckEx(CONFIG_INITIALIZATION_FAILED, CM_INIT_NAMESPACE, status, 1, 0);
}

/* A key object for an open instance of kcb (consumed on failure). Key objects are never inserted
   in a directory, so they leave the "new object" state at once. */
static NTSTATUS new_key_object(CM_KEY_CONTROL_BLOCK *kcb, KPROCESSOR_MODE mode, CM_KEY_BODY **out)
{
    CM_KEY_BODY *body;
    NTSTATUS status = ObCreateObject(mode, CmKeyObjectType, NULL, sizeof *body, (PVOID *)&body);
    if (!NT_SUCCESS(status)) {
        CmpDereferenceKcb(kcb);
        return status;
    }
    POBJECT_HEADER header = OBJECT_TO_OBJECT_HEADER(body);
    header->Flags &= ~OB_FLAG_NEW_OBJECT;
    header->ObjectCreateInfo = NULL;
    body->Kcb = kcb;
    *out = body;
    return STATUS_SUCCESS;
}

/* The next component of a path into name; FALSE when it is empty or too long. */
static BOOLEAN next_component(const char **path, char *name)
{
    const char *p = *path;
    if (*p == '\\')
        p++;
    ULONG length = 0;
    while (p[length] && p[length] != '\\')
        length++;
    if (length == 0 || length > REG_MAX_NAME)
        return FALSE;
    memcpy(name, p, length);
    name[length] = 0;
    *path = p + length;
    return TRUE;
}

static NTSTATUS walk_locked(CMHIVE **hive, HCELL_INDEX *cell, const char *path, CM_PARSE_CONTEXT *context)
{
    char name[REG_MAX_NAME + 1];
    context->Disposition = REG_OPENED_EXISTING_KEY;
    while (*path) {
        if (!next_component(&path, name))
            return STATUS_OBJECT_NAME_INVALID;
        BOOLEAN last = *path == 0 || (path[0] == '\\' && path[1] == 0);
        NTSTATUS status = CmpFindChild(*hive, *cell, name, hive, cell);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND && context->Create && last) {
            status = CmpCreateChild(*hive, *cell, name, context->Options, hive, cell);
            context->Disposition = REG_CREATED_NEW_KEY;
        } else if (status == STATUS_OBJECT_NAME_NOT_FOUND && !last) {
            status = STATUS_OBJECT_PATH_NOT_FOUND;
        }
        if (!NT_SUCCESS(status))
            return status;
        if (last)
            break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS CmpOpenBelow(CM_KEY_BODY *from, const char *path, KPROCESSOR_MODE mode, CM_PARSE_CONTEXT *context,
                      CM_KEY_BODY **out)
{
    CM_KEY_CONTROL_BLOCK *kcb;
    CmpLockRegistry();
    CMHIVE *hive = from->Kcb->Hive;
    HCELL_INDEX cell = from->Kcb->KeyCell;
    NTSTATUS status = (from->Kcb->Flags & KCB_DELETED) ? STATUS_KEY_DELETED
                                                       : walk_locked(&hive, &cell, path, context);
    if (NT_SUCCESS(status))
        status = CmpReferenceKcb(hive, cell, &kcb);
    if (NT_SUCCESS(status))
        status = new_key_object(kcb, mode, out);
    CmpUnlockRegistry();
    return status;
}

/* \Registry\Machine\<name>: a permanent key object holding the root KCB for ever. */
NTSTATUS CmpCreateRootKeyObject(CMHIVE *hive, const char *name)
{
    char path[64];
    OBJECT_ATTRIBUTES oa;
    CM_KEY_BODY *body;
    PVOID referenced;
    RtlFormat(path, sizeof path, "\\Registry\\Machine\\%s", name);
    InitializeObjectAttributes(&oa, path, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL);
    NTSTATUS status = ObCreateObject(KernelMode, CmKeyObjectType, &oa, sizeof *body, (PVOID *)&body);
    if (!NT_SUCCESS(status))
        return status;
    CmpLockRegistry();
    status = CmpReferenceKcb(hive, HvRootCell(&hive->Hive), &body->Kcb);
    CmpUnlockRegistry();
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(body);
        return status;
    }
    return ObInsertObject(body, 0, &referenced, NULL);
}
