/* Subkey lists: one lf leaf (cell, name hint) sorted by upper-cased name, split under an ri root of
   leaves when a leaf would exceed HV_MAX_LEAF. Also reads li and lh leaves written by other tools.
   Lookup, enumeration by index, sorted insertion and removal. */
#include "hvp.h"
#include "rtl.h"

static CM_KEY_INDEX *Index(HHIVE *hive, HCELL_INDEX cell)
{
    return HvGetCell(hive, cell);
}

static ULONG Stride(HHIVE *hive, HCELL_INDEX leaf)
{
    return Index(hive, leaf)->Signature == CM_INDEX_LEAF ? 1 : 2;
}

ULONG HvpLeafElementCount(HHIVE *hive, HCELL_INDEX leaf)
{
    return Index(hive, leaf)->Count;
}

HCELL_INDEX HvpLeafElement(HHIVE *hive, HCELL_INDEX leaf, ULONG i)
{
    return Index(hive, leaf)->List[i * Stride(hive, leaf)];
}

static BOOLEAN IsRoot(HHIVE *hive, HCELL_INDEX list)
{
    return Index(hive, list)->Signature == CM_INDEX_ROOT;
}

static ULONG LeafCount(HHIVE *hive, HCELL_INDEX list)
{
    return IsRoot(hive, list) ? Index(hive, list)->Count : 1;
}

static HCELL_INDEX LeafAt(HHIVE *hive, HCELL_INDEX list, ULONG i)
{
    return IsRoot(hive, list) ? Index(hive, list)->List[i] : list;
}

static int CompareWithKey(HHIVE *hive, const char *name, ULONG length, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    return HvpCompareName(name, length, nk->Name, nk->NameLength, (nk->Flags & KEY_COMP_NAME) != 0);
}

/* First position in a leaf whose name is >= name (== count when all are smaller). */
static ULONG LowerBound(HHIVE *hive, HCELL_INDEX leaf, const char *name, ULONG length)
{
    ULONG lo = 0, hi = HvpLeafElementCount(hive, leaf);
    while (lo < hi) {
        ULONG mid = (lo + hi) / 2;
        if (CompareWithKey(hive, name, length, HvpLeafElement(hive, leaf, mid)) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The leaf a name belongs in: the first whose last name is >= it, else the last leaf. */
static ULONG ChooseLeaf(HHIVE *hive, HCELL_INDEX list, const char *name, ULONG length)
{
    ULONG leaves = LeafCount(hive, list);
    for (ULONG i = 0; i + 1 < leaves; i++) {
        HCELL_INDEX leaf = LeafAt(hive, list, i);
        if (CompareWithKey(hive, name, length, HvpLeafElement(hive, leaf, HvpLeafElementCount(hive, leaf) - 1)) <= 0)
            return i;
    }
    return leaves - 1;
}

NTSTATUS HvFindSubkey(HHIVE *hive, HCELL_INDEX key, const char *name, HCELL_INDEX *child)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    ULONG length = (ULONG)strlen(name);
    if (nk->SubKeyCount == 0)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    HCELL_INDEX leaf = LeafAt(hive, nk->SubKeyList, ChooseLeaf(hive, nk->SubKeyList, name, length));
    ULONG at = LowerBound(hive, leaf, name, length);
    if (at == HvpLeafElementCount(hive, leaf) ||
        CompareWithKey(hive, name, length, HvpLeafElement(hive, leaf, at)) != 0)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    *child = HvpLeafElement(hive, leaf, at);
    return STATUS_SUCCESS;
}

NTSTATUS HvEnumerateSubkey(HHIVE *hive, HCELL_INDEX key, ULONG index, HCELL_INDEX *child)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    if (index >= nk->SubKeyCount)
        return STATUS_NO_MORE_ENTRIES;
    for (ULONG i = 0; i < LeafCount(hive, nk->SubKeyList); i++) {
        HCELL_INDEX leaf = LeafAt(hive, nk->SubKeyList, i);
        ULONG count = HvpLeafElementCount(hive, leaf);
        if (index < count) {
            *child = HvpLeafElement(hive, leaf, index);
            return STATUS_SUCCESS;
        }
        index -= count;
    }
    return STATUS_NO_MORE_ENTRIES;
}

/* The lf hint is the name's first four characters; the lh hash is H = 37*H + upcase(c). */
static ULONG LeafHint(HHIVE *hive, HCELL_INDEX leaf, HCELL_INDEX child)
{
    CM_KEY_NODE *nk = HvGetCell(hive, child);
    ULONG hint = 0;
    if (Index(hive, leaf)->Signature == CM_HASH_LEAF) {
        for (ULONG i = 0; i < nk->NameLength; i++)
            hint = hint * 37 + (UCHAR)RtlUpcaseChar((char)nk->Name[i]);
    } else {
        for (ULONG i = 0; i < 4 && i < nk->NameLength; i++)
            hint |= (ULONG)nk->Name[i] << (8 * i);
    }
    return hint;
}

static void LeafInsertAt(HHIVE *hive, HCELL_INDEX leaf, ULONG at, HCELL_INDEX child)
{
    CM_KEY_INDEX *index = Index(hive, leaf);
    ULONG stride = Stride(hive, leaf);
    memmove(&index->List[(at + 1) * stride], &index->List[at * stride], (index->Count - at) * stride * 4);
    index->List[at * stride] = child;
    if (stride == 2)
        index->List[at * stride + 1] = LeafHint(hive, leaf, child);
    index->Count++;
    HvMarkCellDirty(hive, leaf);
}

/* Makes room for one more element in a leaf, moving it if its cell is full; HCELL_NIL if out of memory. */
static HCELL_INDEX GrowLeaf(HHIVE *hive, HCELL_INDEX leaf)
{
    ULONG count = HvpLeafElementCount(hive, leaf), stride = Stride(hive, leaf);
    if (4 + (count + 1) * stride * 4 <= HvGetCellSize(hive, leaf))
        return leaf;
    ULONG room = count * 2 < HV_MAX_LEAF ? count * 2 : HV_MAX_LEAF;
    return HvReallocateCell(hive, leaf, 4 + room * stride * 4);
}

static HCELL_INDEX NewLeaf(HHIVE *hive, USHORT signature, ULONG room)
{
    HCELL_INDEX leaf = HvAllocateCell(hive, 4 + room * 8);
    if (leaf != HCELL_NIL)
        Index(hive, leaf)->Signature = signature;
    return leaf;
}

/* Moves the upper half of a full leaf into a new leaf of the same kind; returns the new leaf. */
static HCELL_INDEX SplitLeaf(HHIVE *hive, HCELL_INDEX leaf)
{
    ULONG count = HvpLeafElementCount(hive, leaf);
    HCELL_INDEX upper = NewLeaf(hive, Index(hive, leaf)->Signature, count - count / 2 + 1);
    if (upper == HCELL_NIL)
        return HCELL_NIL;
    CM_KEY_INDEX *a = Index(hive, leaf), *b = Index(hive, upper);
    ULONG stride = Stride(hive, leaf), keep = a->Count / 2;
    b->Count = (USHORT)(a->Count - keep);
    memcpy(b->List, &a->List[keep * stride], b->Count * stride * 4);
    a->Count = (USHORT)keep;
    HvMarkCellDirty(hive, leaf);
    return upper;
}

/* Sets where a key's list (or an ri's r-th leaf) lives after a cell moved. */
static void SetLeaf(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX root, ULONG r, HCELL_INDEX leaf)
{
    if (root == HCELL_NIL) {
        ((CM_KEY_NODE *)HvGetCell(hive, key))->SubKeyList = leaf;
        HvMarkCellDirty(hive, key);
    } else {
        Index(hive, root)->List[r] = leaf;
        HvMarkCellDirty(hive, root);
    }
}

/* Inserts leaf `upper` after position r in the key's ri (creating the ri when the list was one leaf). */
static NTSTATUS AddLeafToRoot(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX root, ULONG r, HCELL_INDEX upper)
{
    if (root == HCELL_NIL) {
        HCELL_INDEX lower = ((CM_KEY_NODE *)HvGetCell(hive, key))->SubKeyList;
        root = HvAllocateCell(hive, 4 + 8 * 4);
        if (root == HCELL_NIL)
            return STATUS_INSUFFICIENT_RESOURCES;
        CM_KEY_INDEX *ri = Index(hive, root);
        ri->Signature = CM_INDEX_ROOT;
        ri->Count = 1;
        ri->List[0] = lower;
        SetLeaf(hive, key, HCELL_NIL, 0, root);
        r = 0;
    }
    ULONG count = Index(hive, root)->Count;
    if (count == 0xFFFF)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (4 + (count + 1) * 4 > HvGetCellSize(hive, root)) {
        HCELL_INDEX moved = HvReallocateCell(hive, root, 4 + count * 2 * 4);
        if (moved == HCELL_NIL)
            return STATUS_INSUFFICIENT_RESOURCES;
        SetLeaf(hive, key, HCELL_NIL, 0, moved);
        root = moved;
    }
    CM_KEY_INDEX *ri = Index(hive, root);
    memmove(&ri->List[r + 2], &ri->List[r + 1], (count - r - 1) * 4);
    ri->List[r + 1] = upper;
    ri->Count++;
    HvMarkCellDirty(hive, root);
    return STATUS_SUCCESS;
}

/* Inserts into a full leaf: split it, link the new half into the ri, then insert into the right half. */
static NTSTATUS InsertSplitting(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX root, ULONG r, HCELL_INDEX leaf,
                                ULONG at, HCELL_INDEX child)
{
    if (root != HCELL_NIL && Index(hive, root)->Count == 0xFFFF)
        return STATUS_INSUFFICIENT_RESOURCES;
    HCELL_INDEX upper = SplitLeaf(hive, leaf);
    if (upper == HCELL_NIL)
        return STATUS_INSUFFICIENT_RESOURCES;
    NTSTATUS status = AddLeafToRoot(hive, key, root, r, upper);
    if (!NT_SUCCESS(status)) {   /* undo the split */
        CM_KEY_INDEX *a = Index(hive, leaf), *b = Index(hive, upper);
        ULONG stride = Stride(hive, leaf);
        memcpy(&a->List[a->Count * stride], b->List, b->Count * stride * 4);
        a->Count = (USHORT)(a->Count + b->Count);
        HvFreeCell(hive, upper);
        return status;
    }
    ULONG lowerCount = HvpLeafElementCount(hive, leaf);
    if (at <= lowerCount)
        LeafInsertAt(hive, leaf, at, child);
    else
        LeafInsertAt(hive, upper, at - lowerCount, child);
    return STATUS_SUCCESS;
}

NTSTATUS HvpIndexInsert(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX child)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    if (nk->SubKeyCount == 0) {
        HCELL_INDEX leaf = NewLeaf(hive, CM_FAST_LEAF, 4);
        if (leaf == HCELL_NIL)
            return STATUS_INSUFFICIENT_RESOURCES;
        LeafInsertAt(hive, leaf, 0, child);
        SetLeaf(hive, key, HCELL_NIL, 0, leaf);
    } else {
        char name[HV_MAX_NAME + 1];
        ULONG length = HvGetKeyName(hive, child, name, sizeof(name));
        HCELL_INDEX list = nk->SubKeyList;
        HCELL_INDEX root = IsRoot(hive, list) ? list : HCELL_NIL;
        ULONG r = ChooseLeaf(hive, list, name, length);
        HCELL_INDEX leaf = LeafAt(hive, list, r);
        ULONG at = LowerBound(hive, leaf, name, length);
        if (HvpLeafElementCount(hive, leaf) >= HV_MAX_LEAF) {
            NTSTATUS status = InsertSplitting(hive, key, root, r, leaf, at, child);
            if (!NT_SUCCESS(status))
                return status;
        } else {
            HCELL_INDEX moved = GrowLeaf(hive, leaf);
            if (moved == HCELL_NIL)
                return STATUS_INSUFFICIENT_RESOURCES;
            if (moved != leaf)
                SetLeaf(hive, key, root, r, moved);
            LeafInsertAt(hive, moved, at, child);
        }
    }
    nk = HvGetCell(hive, key);
    nk->SubKeyCount++;
    HvMarkCellDirty(hive, key);
    return STATUS_SUCCESS;
}

/* Removes element r of an ri; frees the ri and empties the key's list when it was the last leaf. */
static void RemoveLeafFromRoot(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX root, ULONG r)
{
    CM_KEY_INDEX *ri = Index(hive, root);
    memmove(&ri->List[r], &ri->List[r + 1], (ri->Count - r - 1) * 4);
    ri->Count--;
    HvMarkCellDirty(hive, root);
    if (ri->Count == 0) {
        HvFreeCell(hive, root);
        SetLeaf(hive, key, HCELL_NIL, 0, HCELL_NIL);
    }
}

void HvpIndexRemove(HHIVE *hive, HCELL_INDEX key, HCELL_INDEX child)
{
    CM_KEY_NODE *nk = HvGetCell(hive, key);
    HCELL_INDEX list = nk->SubKeyList;
    HCELL_INDEX root = IsRoot(hive, list) ? list : HCELL_NIL;
    for (ULONG r = 0; r < LeafCount(hive, list); r++) {
        HCELL_INDEX leaf = LeafAt(hive, list, r);
        CM_KEY_INDEX *index = Index(hive, leaf);
        ULONG stride = Stride(hive, leaf);
        for (ULONG at = 0; at < index->Count; at++) {
            if (index->List[at * stride] != child)
                continue;
            memmove(&index->List[at * stride], &index->List[(at + 1) * stride], (index->Count - at - 1) * stride * 4);
            index->Count--;
            HvMarkCellDirty(hive, leaf);
            if (index->Count == 0) {
                HvFreeCell(hive, leaf);
                if (root != HCELL_NIL)
                    RemoveLeafFromRoot(hive, key, root, r);
                else
                    SetLeaf(hive, key, HCELL_NIL, 0, HCELL_NIL);
            }
            nk = HvGetCell(hive, key);
            nk->SubKeyCount--;
            HvMarkCellDirty(hive, key);
            return;
        }
    }
}
