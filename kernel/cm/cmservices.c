/* The registry services (ntreg.h). Each takes the handle's granted access through
   ObReferenceObjectByHandle with the caller's mode, copies every caller buffer through the
   service layer's helpers, and works on the hive under the registry lock. String data crosses
   the interface as ASCII and is stored UTF-16LE (the hive layer's A functions convert). After a
   change the base block is brought up to date, so the image in memory is a valid hive file with
   its changed sectors marked dirty. */
#include "cmp.h"
#include "hal.h"
#include "sysservice.h"
#include "rtl.h"

static NTSTATUS reference_key(HANDLE handle, ACCESS_MASK access, CM_KEY_BODY **body)
{
    return ObReferenceObjectByHandle(handle, access, CmKeyObjectType, KeGetPreviousMode(), (PVOID *)body, NULL);
}

/* A caller's name; NULL means "" (the key itself, or the default value). */
static NTSTATUS capture_name(char *buffer, const char *callerName, ULONG size)
{
    buffer[0] = 0;
    return callerName ? KeCopyStringFromCaller(buffer, callerName, size) : STATUS_SUCCESS;
}

static NTSTATUS open_below_handle(HANDLE root, const char *name, ACCESS_MASK access, CM_PARSE_CONTEXT *context,
                                  HANDLE *handle)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    CM_KEY_BODY *from, *body;
    NTSTATUS status = ObReferenceObjectByHandle(root, context->Create ? KEY_CREATE_SUB_KEY : 0, CmKeyObjectType,
                                                mode, (PVOID *)&from, NULL);
    if (!NT_SUCCESS(status))
        return status;
    status = CmpOpenBelow(from, name, mode, context, &body);
    ObDereferenceObject(from);
    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByPointer(body, 0, access, CmKeyObjectType, mode, handle);
    ObDereferenceObject(body);
    return status;
}

static NTSTATUS open_key(HANDLE *callerHandle, ACCESS_MASK access, HANDLE root, const char *callerName,
                         CM_PARSE_CONTEXT *context)
{
    char name[REG_MAX_PATH + 1];
    HANDLE handle;
    NTSTATUS status = capture_name(name, callerName, sizeof name);
    if (NT_SUCCESS(status))
        status = KeStoreUlongToCaller(callerHandle, 0);
    if (!NT_SUCCESS(status))
        return status;
    if (root) {
        status = open_below_handle(root, name, access, context, &handle);
    } else {
        OBJECT_ATTRIBUTES oa;
        InitializeObjectAttributes(&oa, name, OBJ_CASE_INSENSITIVE, NULL);
        status = ObOpenObjectByName(&oa, CmKeyObjectType, KeGetPreviousMode(), access, context, &handle);
    }
    if (!NT_SUCCESS(status))
        return status;
    status = KeStoreUlongToCaller(callerHandle, (ULONG)handle);
    if (!NT_SUCCESS(status))
        ObCloseHandle(handle, KernelMode);
    return status;
}

NTSTATUS NtOpenKey(HANDLE *keyHandle, ACCESS_MASK desiredAccess, HANDLE root, const char *name)
{
    CM_PARSE_CONTEXT context = { .Create = FALSE };
    return open_key(keyHandle, desiredAccess, root, name, &context);
}

NTSTATUS NtCreateKey(HANDLE *keyHandle, ACCESS_MASK desiredAccess, HANDLE root, const char *name,
                     ULONG createOptions, ULONG *disposition)
{
    CM_PARSE_CONTEXT context = { .Create = TRUE, .Options = createOptions };
    if (createOptions & ~REG_OPTION_VOLATILE)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = open_key(keyHandle, desiredAccess, root, name, &context);
    if (NT_SUCCESS(status) && disposition)
        status = KeStoreUlongToCaller(disposition, context.Disposition);
    return status;
}

/* Copies a fixed-size record to the caller: STATUS_BUFFER_TOO_SMALL when it does not fit. */
static NTSTATUS return_record(const void *record, ULONG size, PVOID buffer, ULONG length, ULONG *resultLength)
{
    if (resultLength) {
        NTSTATUS status = KeStoreUlongToCaller(resultLength, size);
        if (!NT_SUCCESS(status))
            return status;
    }
    if (length < size)
        return STATUS_BUFFER_TOO_SMALL;
    return KeCopyToCaller(buffer, record, size);
}

static void fill_basic(CMHIVE *hive, HCELL_INDEX cell, KEY_BASIC_INFORMATION *info)
{
    CM_KEY_NODE *nk = HvGetKeyNode(&hive->Hive, cell);
    memset(info, 0, sizeof *info);
    info->LastWriteLow = nk->LastWriteLow;
    info->LastWriteHigh = nk->LastWriteHigh;
    info->Volatile = hive->Volatile;
    info->NameLength = HvGetKeyName(&hive->Hive, cell, info->Name, sizeof info->Name);
}

static void fill_full(CMHIVE *hive, HCELL_INDEX cell, KEY_FULL_INFORMATION *info)
{
    CM_KEY_NODE *nk = HvGetKeyNode(&hive->Hive, cell);
    info->LastWriteLow = nk->LastWriteLow;
    info->LastWriteHigh = nk->LastWriteHigh;
    info->SubKeys = nk->SubKeyCount + CmpVolatileChildCount(hive, cell);
    info->MaxNameLen = nk->MaxNameLen / 2;
    info->Values = nk->ValueCount;
    info->MaxValueNameLen = nk->MaxValueNameLen / 2;
    info->MaxValueDataLen = nk->MaxValueDataLen;
    for (CMHIVE *v = CmpVolatileKeys; v; v = v->NextVolatile) {
        ULONG length = HvGetKeyName(&v->Hive, HvRootCell(&v->Hive), NULL, 0);
        if (v->ParentHive == hive && v->ParentCell == cell && length > info->MaxNameLen)
            info->MaxNameLen = length;
    }
}

NTSTATUS NtQueryKey(HANDLE keyHandle, ULONG informationClass, PVOID buffer, ULONG length, ULONG *resultLength)
{
    union { KEY_BASIC_INFORMATION basic; KEY_FULL_INFORMATION full; } info;
    CM_KEY_BODY *body;
    ULONG size = informationClass == KeyBasicInformation ? sizeof info.basic : sizeof info.full;
    if (informationClass != KeyBasicInformation && informationClass != KeyFullInformation)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = reference_key(keyHandle, KEY_QUERY_VALUE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
    CmpLockRegistry();
    if (kcb->Flags & KCB_DELETED)
        status = STATUS_KEY_DELETED;
    else if (informationClass == KeyBasicInformation)
        fill_basic(kcb->Hive, kcb->KeyCell, &info.basic);
    else
        fill_full(kcb->Hive, kcb->KeyCell, &info.full);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return NT_SUCCESS(status) ? return_record(&info, size, buffer, length, resultLength) : status;
}

NTSTATUS NtEnumerateKey(HANDLE keyHandle, ULONG index, ULONG informationClass, PVOID buffer, ULONG length,
                        ULONG *resultLength)
{
    KEY_BASIC_INFORMATION info;
    CM_KEY_BODY *body;
    CMHIVE *childHive;
    HCELL_INDEX child;
    if (informationClass != KeyBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = reference_key(keyHandle, KEY_ENUMERATE_SUB_KEYS, &body);
    if (!NT_SUCCESS(status))
        return status;
    CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
    CmpLockRegistry();
    status = (kcb->Flags & KCB_DELETED) ? STATUS_KEY_DELETED
                                        : CmpEnumerateChild(kcb->Hive, kcb->KeyCell, index, &childHive, &child);
    if (NT_SUCCESS(status))
        fill_basic(childHive, child, &info);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return NT_SUCCESS(status) ? return_record(&info, sizeof info, buffer, length, resultLength) : status;
}

static void fill_value_basic(HHIVE *hive, HCELL_INDEX value, KEY_VALUE_BASIC_INFORMATION *info)
{
    memset(info, 0, sizeof *info);
    info->NameLength = HvGetValueName(hive, value, info->Name, sizeof info->Name);
    HvReadValueA(hive, value, &info->Type, NULL, 0, &info->DataLength);
}

NTSTATUS NtEnumerateValueKey(HANDLE keyHandle, ULONG index, ULONG informationClass, PVOID buffer, ULONG length,
                             ULONG *resultLength)
{
    KEY_VALUE_BASIC_INFORMATION info;
    CM_KEY_BODY *body;
    HCELL_INDEX value;
    if (informationClass != KeyValueBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = reference_key(keyHandle, KEY_QUERY_VALUE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
    CmpLockRegistry();
    status = (kcb->Flags & KCB_DELETED) ? STATUS_KEY_DELETED
                                        : HvEnumerateValue(&kcb->Hive->Hive, kcb->KeyCell, index, &value);
    if (NT_SUCCESS(status))
        fill_value_basic(&kcb->Hive->Hive, value, &info);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return NT_SUCCESS(status) ? return_record(&info, sizeof info, buffer, length, resultLength) : status;
}

/* The partial record (header, then the data) in a pool buffer. */
static NTSTATUS read_value_partial(HHIVE *hive, HCELL_INDEX value, KEY_VALUE_PARTIAL_INFORMATION **out,
                                   ULONG *size)
{
    ULONG type, dataLength;
    HvReadValueA(hive, value, &type, NULL, 0, &dataLength);
    *size = sizeof **out + dataLength;
    KEY_VALUE_PARTIAL_INFORMATION *info = ExAllocatePoolWithTag(PagedPool, *size, CM_POOL_TAG);
    if (!info)
        return STATUS_INSUFFICIENT_RESOURCES;
    info->TitleIndex = 0;
    info->Type = type;
    info->DataLength = dataLength;
    HvReadValueA(hive, value, &type, info->Data, dataLength, &dataLength);
    *out = info;
    return STATUS_SUCCESS;
}

/* The partial record, or as much as fits: the header alone gives STATUS_BUFFER_OVERFLOW, less than
   the header STATUS_BUFFER_TOO_SMALL; *resultLength is the full size either way. */
static NTSTATUS return_partial(const KEY_VALUE_PARTIAL_INFORMATION *info, ULONG size, PVOID buffer,
                               ULONG length, ULONG *resultLength)
{
    NTSTATUS status = resultLength ? KeStoreUlongToCaller(resultLength, size) : STATUS_SUCCESS;
    if (!NT_SUCCESS(status))
        return status;
    if (length < sizeof *info)
        return STATUS_BUFFER_TOO_SMALL;
    if (length < size) {
        status = KeCopyToCaller(buffer, info, sizeof *info);
        return NT_SUCCESS(status) ? STATUS_BUFFER_OVERFLOW : status;
    }
    return KeCopyToCaller(buffer, info, size);
}

NTSTATUS NtQueryValueKey(HANDLE keyHandle, const char *valueName, ULONG informationClass, PVOID buffer,
                         ULONG length, ULONG *resultLength)
{
    char name[REG_MAX_NAME + 1];
    KEY_VALUE_BASIC_INFORMATION basic;
    KEY_VALUE_PARTIAL_INFORMATION *partial = NULL;
    ULONG size = 0;
    CM_KEY_BODY *body;
    HCELL_INDEX value;
    if (informationClass != KeyValueBasicInformation && informationClass != KeyValuePartialInformation)
        return STATUS_INVALID_INFO_CLASS;
    NTSTATUS status = capture_name(name, valueName, sizeof name);
    if (NT_SUCCESS(status))
        status = reference_key(keyHandle, KEY_QUERY_VALUE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
    HHIVE *hive = &kcb->Hive->Hive;
    CmpLockRegistry();
    status = (kcb->Flags & KCB_DELETED) ? STATUS_KEY_DELETED : HvFindValue(hive, kcb->KeyCell, name, &value);
    if (NT_SUCCESS(status) && informationClass == KeyValueBasicInformation)
        fill_value_basic(hive, value, &basic);
    else if (NT_SUCCESS(status))
        status = read_value_partial(hive, value, &partial, &size);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    if (!NT_SUCCESS(status))
        return status;
    if (!partial)
        return return_record(&basic, sizeof basic, buffer, length, resultLength);
    status = return_partial(partial, size, buffer, length, resultLength);
    ExFreePoolWithTag(partial, CM_POOL_TAG);
    return status;
}

static BOOLEAN is_string_type(ULONG type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

NTSTATUS NtSetValueKey(HANDLE keyHandle, const char *valueName, ULONG titleIndex, ULONG type, const void *data,
                       ULONG dataSize)
{
    char name[REG_MAX_NAME + 1];
    CM_KEY_BODY *body;
    UCHAR *copy = NULL;
    (void)titleIndex;
    if (dataSize > HV_MAX_DATA / (is_string_type(type) ? 2 : 1))
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = capture_name(name, valueName, sizeof name);
    if (NT_SUCCESS(status) && dataSize) {
        copy = ExAllocatePoolWithTag(PagedPool, dataSize, CM_POOL_TAG);
        status = copy ? KeCopyFromCaller(copy, data, dataSize) : STATUS_INSUFFICIENT_RESOURCES;
    }
    if (NT_SUCCESS(status))
        status = reference_key(keyHandle, KEY_SET_VALUE, &body);
    if (NT_SUCCESS(status)) {
        CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
        CmpLockRegistry();
        if (kcb->Flags & KCB_DELETED) {
            status = STATUS_KEY_DELETED;
        } else {
            CmpStampHive(kcb->Hive);
            status = is_string_type(type) ? HvSetValueA(&kcb->Hive->Hive, kcb->KeyCell, name, type, copy, dataSize)
                                          : HvSetValue(&kcb->Hive->Hive, kcb->KeyCell, name, type, copy, dataSize);
            HvUpdateBaseBlock(&kcb->Hive->Hive);
        }
        CmpUnlockRegistry();
        ObDereferenceObject(body);
    }
    if (copy)
        ExFreePoolWithTag(copy, CM_POOL_TAG);
    return status;
}

NTSTATUS NtDeleteKey(HANDLE keyHandle)
{
    CM_KEY_BODY *body;
    NTSTATUS status = reference_key(keyHandle, KEY_DELETE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CmpLockRegistry();
    status = (body->Kcb->Flags & KCB_DELETED) ? STATUS_KEY_DELETED : CmpDeleteKey(body->Kcb);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return status;
}

NTSTATUS NtDeleteValueKey(HANDLE keyHandle, const char *valueName)
{
    char name[REG_MAX_NAME + 1];
    CM_KEY_BODY *body;
    NTSTATUS status = capture_name(name, valueName, sizeof name);
    if (NT_SUCCESS(status))
        status = reference_key(keyHandle, KEY_SET_VALUE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CM_KEY_CONTROL_BLOCK *kcb = body->Kcb;
    CmpLockRegistry();
    if (kcb->Flags & KCB_DELETED) {
        status = STATUS_KEY_DELETED;
    } else {
        CmpStampHive(kcb->Hive);
        status = HvDeleteValue(&kcb->Hive->Hive, kcb->KeyCell, name);
        HvUpdateBaseBlock(&kcb->Hive->Hive);
    }
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return status;
}

/* There is no disk yet: a flush is the point where the dirty sectors would be written. It reports
   how many there were and starts a new dirty vector. */
NTSTATUS NtFlushKey(HANDLE keyHandle)
{
    CM_KEY_BODY *body;
    NTSTATUS status = reference_key(keyHandle, 0, &body);
    if (!NT_SUCCESS(status))
        return status;
    CmpLockRegistry();
    HHIVE *hive = &body->Kcb->Hive->Hive;
    if (!body->Kcb->Hive->Volatile) {
        DbgPrint("cm: flush: %u dirty sectors of 512 bytes (no disk: nothing written)\n", hive->DirtyCount);
        HvClearDirty(hive);
    }
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return STATUS_SUCCESS;
}

static void print_image(HHIVE *hive)
{
    static const char digits[] = "0123456789abcdef";
    ULONG size = HvImageSize(hive);
    DbgPrint("hive-image-begin %u\n", size);
    for (ULONG at = 0; at < size; at++) {
        HalSerialPutChar(digits[hive->Image[at] >> 4]);
        HalSerialPutChar(digits[hive->Image[at] & 15]);
        if (at % 32 == 31)
            HalSerialPutChar('\n');
    }
    DbgPrint("hive-image-end\n");
}

NTSTATUS NtSaveKey(HANDLE keyHandle)
{
    CM_KEY_BODY *body;
    NTSTATUS status = reference_key(keyHandle, KEY_QUERY_VALUE, &body);
    if (!NT_SUCCESS(status))
        return status;
    CmpLockRegistry();
    HvUpdateBaseBlock(&body->Kcb->Hive->Hive);
    print_image(&body->Kcb->Hive->Hive);
    CmpUnlockRegistry();
    ObDereferenceObject(body);
    return STATUS_SUCCESS;
}
