/* Key control blocks: one per open key (hive, cell), found through a hash table, shared by all the key
   objects opened on that key and freed when the last of them goes. RefCount is the open-instance
   count of KB Q179827: a USHORT as in NT 4.0. The RTM flavour increments it unchecked, so the
   65,536th open wraps it to 0 and a later close frees the KCB while key objects still point to it;
   the fix (SP4, and ReactOS's CmpReferenceKeyControlBlock) refuses the open that would wrap it.
   docs/kb/Q179827.md. Called with the registry lock held. */
#include "cmp.h"
#include "kb.h"
#include "rtl.h"

#define KCB_HASH_BUCKETS 64

_Static_assert(sizeof(CM_KEY_CONTROL_BLOCK) <= CM_KCB_POOL_BYTES, "a KCB fits a key object's block");

static CM_KEY_CONTROL_BLOCK *KcbHash[KCB_HASH_BUCKETS];
static ULONG KcbCount;

static CM_KEY_CONTROL_BLOCK **bucket_of(CMHIVE *hive, HCELL_INDEX cell)
{
    ULONG key = (ULONG)(ULONG_PTR)hive / 8 * 31 + cell / 8;
    return &KcbHash[key % KCB_HASH_BUCKETS];
}

static CM_KEY_CONTROL_BLOCK *find_kcb(CMHIVE *hive, HCELL_INDEX cell)
{
    for (CM_KEY_CONTROL_BLOCK *k = *bucket_of(hive, cell); k; k = k->NextHash)
        if (k->Hive == hive && k->KeyCell == cell)
            return k;
    return NULL;
}

static void remove_from_hash(CM_KEY_CONTROL_BLOCK *kcb)
{
    for (CM_KEY_CONTROL_BLOCK **link = bucket_of(kcb->Hive, kcb->KeyCell); *link; link = &(*link)->NextHash)
        if (*link == kcb) {
            *link = kcb->NextHash;
            return;
        }
}

NTSTATUS CmpReferenceKcb(CMHIVE *hive, HCELL_INDEX cell, CM_KEY_CONTROL_BLOCK **out)
{
    CM_KEY_CONTROL_BLOCK *kcb = find_kcb(hive, cell);
    if (kcb) {
        if (KB_BUG(Q179827)) {
            kcb->RefCount++;                                /* wraps to 0 on the 65,536th open */
        } else {
            if ((USHORT)(kcb->RefCount + 1) == 0)
                return STATUS_INSUFFICIENT_RESOURCES;       /* the open that would wrap the count */
            kcb->RefCount++;
        }
        *out = kcb;
        return STATUS_SUCCESS;
    }
    kcb = ExAllocatePoolWithTag(PagedPool, CM_KCB_POOL_BYTES, CM_KCB_TAG);
    if (!kcb)
        return STATUS_INSUFFICIENT_RESOURCES;
    memset(kcb, 0, CM_KCB_POOL_BYTES);
    kcb->RefCount = 1;
    kcb->Hive = hive;
    kcb->KeyCell = cell;
    CM_KEY_CONTROL_BLOCK **bucket = bucket_of(hive, cell);
    kcb->NextHash = *bucket;
    *bucket = kcb;
    KcbCount++;
    *out = kcb;
    return STATUS_SUCCESS;
}

/* The last close frees the KCB (and a deleted volatile key's hive with it). */
void CmpDereferenceKcb(CM_KEY_CONTROL_BLOCK *kcb)
{
    if (--kcb->RefCount != 0)
        return;
    CMHIVE *hive = kcb->Hive;
    if (!(kcb->Flags & KCB_DELETED))
        remove_from_hash(kcb);
    KcbCount--;
    ExFreePoolWithTag(kcb, CM_KCB_TAG);
    if (hive->Unlinked)
        CmpFreeHive(hive);
}

/* The key was deleted: its cell may be reused by a new key, so the KCB leaves the cache. */
void CmpMarkKcbDeleted(CM_KEY_CONTROL_BLOCK *kcb)
{
    remove_from_hash(kcb);
    kcb->Flags |= KCB_DELETED;
}

ULONG CmpKcbCount(void)
{
    return KcbCount;
}
