/* Values (vk) of a key: an unsorted list of vk cells; data of up to four bytes sits inline in the vk,
   larger data in its own cell. String types are UTF-16LE in the hive and ASCII at the A functions. */
#include "hvp.h"
#include "rtl.h"

static CM_KEY_VALUE *Value(HHIVE *hive, HCELL_INDEX value)
{
    return HvGetCell(hive, value);
}

static HCELL_INDEX *ValueList(HHIVE *hive, HCELL_INDEX key)
{
    return HvGetCell(hive, HvGetKeyNode(hive, key)->ValueList);
}

static BOOLEAN IsStringType(ULONG type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

static BOOLEAN IsInline(const CM_KEY_VALUE *vk)
{
    return (vk->DataLength & VALUE_DATA_INLINE) != 0;
}

ULONG HvGetValueName(HHIVE *hive, HCELL_INDEX value, char *buf, ULONG size)
{
    CM_KEY_VALUE *vk = Value(hive, value);
    return HvpCopyName(buf, size, vk->Name, vk->NameLength, (vk->Flags & VALUE_COMP_NAME) != 0);
}

NTSTATUS HvEnumerateValue(HHIVE *hive, HCELL_INDEX key, ULONG index, HCELL_INDEX *value)
{
    if (index >= HvGetKeyNode(hive, key)->ValueCount)
        return STATUS_NO_MORE_ENTRIES;
    *value = ValueList(hive, key)[index];
    return STATUS_SUCCESS;
}

static NTSTATUS FindValueIndex(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG *index)
{
    ULONG count = HvGetKeyNode(hive, key)->ValueCount, length = (ULONG)strlen(name);
    for (ULONG i = 0; i < count; i++) {
        CM_KEY_VALUE *vk = Value(hive, ValueList(hive, key)[i]);
        if (HvpCompareName(name, length, vk->Name, vk->NameLength, (vk->Flags & VALUE_COMP_NAME) != 0) == 0) {
            *index = i;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS HvFindValue(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *value)
{
    ULONG index;
    NTSTATUS status = FindValueIndex(hive, key, name, &index);
    if (NT_SUCCESS(status))
        *value = ValueList(hive, key)[index];
    return status;
}

const void *HvGetValueData(HHIVE *hive, HCELL_INDEX value, ULONG *type, ULONG *length)
{
    CM_KEY_VALUE *vk = Value(hive, value);
    *type = vk->Type;
    *length = vk->DataLength & ~VALUE_DATA_INLINE;
    if (IsInline(vk))
        return &vk->DataOffset;
    return *length ? HvGetCell(hive, vk->DataOffset) : NULL;
}

static void FreeValueData(HHIVE *hive, HCELL_INDEX value)
{
    CM_KEY_VALUE *vk = Value(hive, value);
    if (!IsInline(vk) && vk->DataLength)
        HvFreeCell(hive, vk->DataOffset);
}

/* Stores data in `value` (inline when it fits in four bytes); `cell` is a data cell allocated beforehand. */
static void StoreData(HHIVE *hive, HCELL_INDEX value, ULONG type, const void *data, ULONG length, HCELL_INDEX cell)
{
    CM_KEY_VALUE *vk = Value(hive, value);
    vk->Type = type;
    if (length <= 4) {
        vk->DataLength = length | VALUE_DATA_INLINE;
        vk->DataOffset = 0;
        if (length)
            memcpy(&vk->DataOffset, data, length);
    } else {
        vk->DataLength = length;
        vk->DataOffset = cell;
        memcpy(HvGetCell(hive, cell), data, length);
        HvMarkCellDirty(hive, cell);
    }
    HvMarkCellDirty(hive, value);
}

/* A new vk with its name, appended to the key's value list. */
static NTSTATUS AddValue(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *value)
{
    ULONG length = (ULONG)strlen(name), count = HvGetKeyNode(hive, key)->ValueCount;
    HCELL_INDEX vkCell = HvAllocateCell(hive, sizeof(CM_KEY_VALUE) + length);
    if (vkCell == HCELL_NIL)
        return STATUS_INSUFFICIENT_RESOURCES;
    HCELL_INDEX list = count ? HvReallocateCell(hive, HvGetKeyNode(hive, key)->ValueList, (count + 1) * 4)
                             : HvAllocateCell(hive, 4 * 4);
    if (list == HCELL_NIL) {
        HvFreeCell(hive, vkCell);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    CM_KEY_VALUE *vk = Value(hive, vkCell);
    vk->Signature = CM_KEY_VALUE_SIGNATURE;
    vk->NameLength = (USHORT)length;
    vk->Flags = VALUE_COMP_NAME;
    memcpy(vk->Name, name, length);
    ((HCELL_INDEX *)HvGetCell(hive, list))[count] = vkCell;
    HvMarkCellDirty(hive, list);
    CM_KEY_NODE *nk = HvGetKeyNode(hive, key);
    nk->ValueList = list;
    nk->ValueCount = count + 1;
    if (nk->MaxValueNameLen < 2 * length)
        nk->MaxValueNameLen = 2 * length;
    *value = vkCell;
    return STATUS_SUCCESS;
}

NTSTATUS HvSetValue(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG type, const void *data, ULONG length)
{
    if (!HvpNameIsValid(name, TRUE))
        return STATUS_OBJECT_NAME_INVALID;
    if (length > HV_MAX_DATA)
        return STATUS_INVALID_PARAMETER;
    HCELL_INDEX cell = HCELL_NIL, value;
    if (length > 4 && (cell = HvAllocateCell(hive, length)) == HCELL_NIL)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (NT_SUCCESS(HvFindValue(hive, key, name, &value))) {
        FreeValueData(hive, value);
    } else {
        NTSTATUS status = AddValue(hive, key, name, &value);
        if (!NT_SUCCESS(status)) {
            if (cell != HCELL_NIL)
                HvFreeCell(hive, cell);
            return status;
        }
    }
    StoreData(hive, value, type, data, length, cell);
    CM_KEY_NODE *nk = HvGetKeyNode(hive, key);
    if (nk->MaxValueDataLen < length)
        nk->MaxValueDataLen = length;
    HvpTouchKey(hive, key);
    return STATUS_SUCCESS;
}

NTSTATUS HvSetValueA(HHIVE *hive, HCELL_INDEX key, const char *name, ULONG type, const void *data, ULONG length)
{
    if (!IsStringType(type))
        return HvSetValue(hive, key, name, type, data, length);
    if (length > HV_MAX_DATA / 2)
        return STATUS_INVALID_PARAMETER;
    UCHAR *wide = hive->Allocate(2 * length + 1);
    if (!wide)
        return STATUS_INSUFFICIENT_RESOURCES;
    for (ULONG i = 0; i < length; i++) {
        wide[2 * i] = ((const UCHAR *)data)[i];
        wide[2 * i + 1] = 0;
    }
    NTSTATUS status = HvSetValue(hive, key, name, type, wide, 2 * length);
    hive->Free(wide, 2 * length + 1);
    return status;
}

NTSTATUS HvReadValueA(HHIVE *hive, HCELL_INDEX value, ULONG *type, void *buf, ULONG size, ULONG *length)
{
    ULONG stored;
    const UCHAR *data = HvGetValueData(hive, value, type, &stored);
    UCHAR *out = buf;
    if (!IsStringType(*type)) {
        *length = stored;
        if (stored && size)
            memcpy(out, data, stored < size ? stored : size);
    } else {
        *length = stored / 2;
        for (ULONG i = 0; i < *length && i < size; i++) {
            USHORT c = (USHORT)(data[2 * i] | data[2 * i + 1] << 8);
            out[i] = c < 0x80 ? (UCHAR)c : '?';
        }
    }
    return *length <= size ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

void HvpDeleteValueAt(HHIVE *hive, HCELL_INDEX key, ULONG index)
{
    CM_KEY_NODE *nk = HvGetKeyNode(hive, key);
    HCELL_INDEX list = nk->ValueList, *values = HvGetCell(hive, list);
    HCELL_INDEX value = values[index];
    memmove(&values[index], &values[index + 1], (nk->ValueCount - index - 1) * 4);
    HvMarkCellDirty(hive, list);
    if (--nk->ValueCount == 0) {
        HvFreeCell(hive, list);
        nk->ValueList = HCELL_NIL;
    }
    FreeValueData(hive, value);
    HvFreeCell(hive, value);
    HvpTouchKey(hive, key);
}

NTSTATUS HvDeleteValue(HHIVE *hive, HCELL_INDEX key, const char *name)
{
    ULONG index;
    NTSTATUS status = FindValueIndex(hive, key, name, &index);
    if (NT_SUCCESS(status))
        HvpDeleteValueAt(hive, key, index);
    return status;
}
