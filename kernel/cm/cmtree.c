/* Keys below a key, stable and volatile. Stable keys are cells of the hive. A volatile key
   (REG_OPTION_VOLATILE) is the root of its own in-memory hive that never becomes part of a hive
   image: it is listed on CmpVolatileKeys with the (hive, cell) it hangs below, found by name after
   the stable subkeys, and enumerated after them. Its subkeys live in its own hive and must be
   volatile too, as NT requires. Called with the registry lock held. */
#include "cmp.h"
#include "rtl.h"

CMHIVE *CmpVolatileKeys;

PVOID CmpAllocate(ULONG bytes)
{
    return ExAllocatePoolWithTag(PagedPool, bytes ? bytes : 1, CM_POOL_TAG);
}

void CmpFree(PVOID block, ULONG bytes)
{
    (void)bytes;
    ExFreePoolWithTag(block, CM_POOL_TAG);
}

void CmpFreeHive(CMHIVE *hive)
{
    HvFreeHive(&hive->Hive);
    CmpFree(hive, sizeof *hive);
}

static BOOLEAN hangs_below(const CMHIVE *v, const CMHIVE *hive, HCELL_INDEX cell)
{
    return v->ParentHive == hive && v->ParentCell == cell;
}

ULONG CmpVolatileChildCount(CMHIVE *hive, HCELL_INDEX cell)
{
    ULONG count = 0;
    for (CMHIVE *v = CmpVolatileKeys; v; v = v->NextVolatile)
        count += hangs_below(v, hive, cell);
    return count;
}

NTSTATUS CmpFindChild(CMHIVE *hive, HCELL_INDEX cell, const char *name, CMHIVE **childHive, HCELL_INDEX *child)
{
    *childHive = hive;
    if (NT_SUCCESS(HvFindSubkey(&hive->Hive, cell, name, child)))
        return STATUS_SUCCESS;
    for (CMHIVE *v = CmpVolatileKeys; v; v = v->NextVolatile) {
        char own[REG_MAX_NAME + 1];
        HvGetKeyName(&v->Hive, HvRootCell(&v->Hive), own, sizeof own);
        if (hangs_below(v, hive, cell) && RtlCompareStringInsensitive(own, name) == 0) {
            *childHive = v;
            *child = HvRootCell(&v->Hive);
            return STATUS_SUCCESS;
        }
    }
    return STATUS_OBJECT_NAME_NOT_FOUND;
}

static NTSTATUS create_volatile_root(CMHIVE *parent, HCELL_INDEX cell, const char *name, CMHIVE **out)
{
    CMHIVE *v = CmpAllocate(sizeof *v);
    if (!v)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(v, 0, sizeof *v);
    NTSTATUS status = HvCreateHive(&v->Hive, name, CmpAllocate, CmpFree);
    if (!NT_SUCCESS(status)) {
        CmpFree(v, sizeof *v);
        return status;
    }
    v->Volatile = TRUE;
    v->ParentHive = parent;
    v->ParentCell = cell;
    v->NextVolatile = CmpVolatileKeys;
    CmpVolatileKeys = v;
    *out = v;
    return STATUS_SUCCESS;
}

NTSTATUS CmpCreateChild(CMHIVE *hive, HCELL_INDEX cell, const char *name, ULONG options, CMHIVE **childHive,
                        HCELL_INDEX *child)
{
    BOOLEAN wantVolatile = (options & REG_OPTION_VOLATILE) != 0;
    if (hive->Volatile && !wantVolatile)
        return STATUS_CHILD_MUST_BE_VOLATILE;
    CmpStampHive(hive);
    if (hive->Volatile || !wantVolatile) {
        *childHive = hive;
        NTSTATUS status = HvCreateSubkey(&hive->Hive, cell, name, child);
        HvUpdateBaseBlock(&hive->Hive);
        return status;
    }
    NTSTATUS status = create_volatile_root(hive, cell, name, childHive);
    if (NT_SUCCESS(status))
        *child = HvRootCell(&(*childHive)->Hive);
    return status;
}

NTSTATUS CmpEnumerateChild(CMHIVE *hive, HCELL_INDEX cell, ULONG index, CMHIVE **childHive, HCELL_INDEX *child)
{
    ULONG stable = HvGetKeyNode(&hive->Hive, cell)->SubKeyCount;
    *childHive = hive;
    if (index < stable)
        return HvEnumerateSubkey(&hive->Hive, cell, index, child);
    index -= stable;
    for (CMHIVE *v = CmpVolatileKeys; v; v = v->NextVolatile)
        if (hangs_below(v, hive, cell) && index-- == 0) {
            *childHive = v;
            *child = HvRootCell(&v->Hive);
            return STATUS_SUCCESS;
        }
    return STATUS_NO_MORE_ENTRIES;
}

static void unlink_volatile(CMHIVE *hive)
{
    for (CMHIVE **link = &CmpVolatileKeys; *link; link = &(*link)->NextVolatile)
        if (*link == hive) {
            *link = hive->NextVolatile;
            break;
        }
    hive->Unlinked = TRUE;              /* freed when its KCB goes (cmkcb.c) */
}

/* As NT: only a key without subkeys (stable or volatile) can go, and never a hive's root. */
NTSTATUS CmpDeleteKey(CM_KEY_CONTROL_BLOCK *kcb)
{
    CMHIVE *hive = kcb->Hive;
    HCELL_INDEX cell = kcb->KeyCell;
    if (CmpVolatileChildCount(hive, cell) || HvGetKeyNode(&hive->Hive, cell)->SubKeyCount)
        return STATUS_CANNOT_DELETE;
    if (cell == HvRootCell(&hive->Hive)) {
        if (!hive->Volatile)
            return STATUS_CANNOT_DELETE;
        unlink_volatile(hive);
    } else {
        CmpStampHive(hive);
        NTSTATUS status = HvDeleteKey(&hive->Hive, cell);
        HvUpdateBaseBlock(&hive->Hive);
        if (!NT_SUCCESS(status))
            return status;
    }
    CmpMarkKcbDeleted(kcb);
    return STATUS_SUCCESS;
}
