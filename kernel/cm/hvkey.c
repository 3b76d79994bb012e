/* Key nodes (nk): the root key, creating and deleting subkeys, names and paths. A new key shares its
   parent's security cell; a key can be deleted only when it has no subkeys. */
#include "hvp.h"
#include "rtl.h"

CM_KEY_NODE *HvGetKeyNode(HHIVE *hive, HCELL_INDEX key)
{
    return HvGetCell(hive, key);
}

ULONG HvGetKeyName(HHIVE *hive, HCELL_INDEX key, char *buf, ULONG size)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    return HvpCopyName(buf, size, nk->Name, nk->NameLength, (nk->Flags & KEY_COMP_NAME) != 0);
}

void HvpTouchKey(HHIVE *hive, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    nk->LastWriteLow = hive->TimeLow;
    nk->LastWriteHigh = hive->TimeHigh;
    HvMarkCellDirty(hive, key);
}

static HCELL_INDEX HvpNewKeyNode(HHIVE *hive, HCELL_INDEX parent, const char *name, USHORT flags, HCELL_INDEX sk)
{
    ULONG length = (ULONG)strlen(name);
    HCELL_INDEX cell = HvAllocateCell(hive, sizeof(CM_KEY_NODE) + length);
    if (cell == HCELL_NIL)
        return HCELL_NIL;
    CM_KEY_NODE *nk = HvGetCell(hive, cell);
    nk->Signature = CM_KEY_NODE_SIGNATURE;
    nk->Flags = (USHORT)(flags | KEY_COMP_NAME);
    nk->Parent = parent;
    nk->SubKeyList = nk->VolatileSubKeyList = nk->ValueList = nk->Class = HCELL_NIL;
    nk->Security = sk;
    nk->NameLength = (USHORT)length;
    memcpy(nk->Name, name, length);
    HvpReferenceSecurity(hive, sk);
    HvpTouchKey(hive, cell);
    return cell;
}

NTSTATUS HvpCreateRootKey(HHIVE *hive, const char *name, HCELL_INDEX *root)
{
    if (!HvpNameIsValid(name, FALSE))
        return STATUS_OBJECT_NAME_INVALID;
    HCELL_INDEX sk = HvpCreateDefaultSecurity(hive);
    if (sk == HCELL_NIL)
        return STATUS_INSUFFICIENT_RESOURCES;
    *root = HvpNewKeyNode(hive, HCELL_NIL, name, KEY_HIVE_ENTRY | KEY_NO_DELETE, sk);
    return *root == HCELL_NIL ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

NTSTATUS HvCreateSubkey(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *child)
{
    if (!HvpNameIsValid(name, FALSE))
        return STATUS_OBJECT_NAME_INVALID;
    if (NT_SUCCESS(HvFindSubkey(hive, key, name, child)))
        return STATUS_OBJECT_NAME_COLLISION;
    HCELL_INDEX cell = HvpNewKeyNode(hive, key, name, 0, HvGetKeyNode(hive, key)->Security);
    if (cell == HCELL_NIL)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS status = HvpIndexInsert(hive, key, cell);
    if (!NT_SUCCESS(status)) {
        HvpDereferenceSecurity(hive, HvGetKeyNode(hive, cell)->Security);
        HvFreeCell(hive, cell);
        return status;
    }
    CM_KEY_NODE *nk = HvGetKeyNode(hive, key);
    ULONG nameBytes = 2 * (ULONG)strlen(name);
    if (nk->MaxNameLen < nameBytes)
        nk->MaxNameLen = nameBytes;
    HvpTouchKey(hive, key);
    *child = cell;
    return STATUS_SUCCESS;
}

NTSTATUS HvDeleteKey(HHIVE *hive, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetKeyNode(hive, key);
    if (key == HvRootCell(hive) || nk->SubKeyCount)
        return STATUS_CANNOT_DELETE;
    while (nk->ValueCount) {
        HvpDeleteValueAt(hive, key, nk->ValueCount - 1);
        nk = HvGetKeyNode(hive, key);
    }
    if (nk->ClassLength)
        HvFreeCell(hive, nk->Class);
    HCELL_INDEX parent = nk->Parent;
    HvpIndexRemove(hive, parent, key);
    HvpDereferenceSecurity(hive, HvGetKeyNode(hive, key)->Security);
    HvFreeCell(hive, key);
    HvpTouchKey(hive, parent);
    return STATUS_SUCCESS;
}

NTSTATUS HvOpenKeyPath(HHIVE *hive, const char *path, HCELL_INDEX *key)
{
    HCELL_INDEX cell = HvRootCell(hive);
    while (*path) {
        char name[HV_MAX_NAME + 1];
        ULONG n = 0;
        while (*path && *path != '\\') {
            if (n == HV_MAX_NAME)
                return STATUS_OBJECT_NAME_INVALID;
            name[n++] = *path++;
        }
        name[n] = 0;
        if (*path == '\\')
            path++;
        if (n == 0)
            continue;
        NTSTATUS status = HvFindSubkey(hive, cell, name, &cell);
        if (!NT_SUCCESS(status))
            return status;
    }
    *key = cell;
    return STATUS_SUCCESS;
}
