/* Validation of a hive image before anything in it is trusted: the base block, every bin and cell
   boundary (building a bitmap of allocated cell starts, as hivex does), then a walk of the key tree in
   which every referenced cell must be an allocated cell of the right kind that nothing else owns, so
   loops and shared cells are rejected, and every count and length must fit its cell. */
#include "hvp.h"
#include "rtl.h"

#define REGF_SIGNATURE 0x66676572u
#define HBIN_SIGNATURE 0x6E696268u

typedef struct {
    HCELL_INDEX Cell;
    ULONG Uses;
} SK_USE;

typedef struct {
    HCELL_INDEX Key;
    ULONG Next;                 /* next subkey to descend into */
} WALK_FRAME;

typedef struct {
    HHIVE *Hive;
    UCHAR *Allocated;           /* bit per 8 bytes of bins: an allocated cell starts here */
    UCHAR *Owned;               /* bit per 8 bytes: some structure already references this cell */
    ULONG BitmapBytes;
    SK_USE *Sk;
    ULONG SkCount, SkCapacity;
    WALK_FRAME *Stack;
    ULONG Depth;
} CHECK;

#define FAIL(chk, ...) (RtlFormat((chk)->Hive->Reason, sizeof((chk)->Hive->Reason), __VA_ARGS__), FALSE)

BOOLEAN HvpCheckBaseBlock(const HBASE_BLOCK *base, ULONG size, char *reason, ULONG reasonSize)
{
    ULONG sum;
    const char *why = NULL;
    if (size < 2 * HBLOCK_SIZE)
        why = "file is too small for a base block and one bin";
    else if (base->Signature != REGF_SIGNATURE)
        why = "no \"regf\" signature";
    else if (base->Major != HSYS_MAJOR || base->Minor < 3 || base->Minor > 5)
        why = "unsupported format version (need 1.3 to 1.5)";
    else if ((sum = HvComputeChecksum(base)) != base->CheckSum &&
             !(sum == 0 && base->CheckSum == 1) && !(sum == 0xFFFFFFFFu && base->CheckSum == 0xFFFFFFFEu))
        why = "bad base block checksum";
    else if (base->Type != 0 || base->Format != 1)
        why = "not a primary hive file";
    else if (base->Sequence1 != base->Sequence2)
        why = "hive was not completely written (sequence numbers differ) and needs log recovery";
    else if (base->Length == 0 || base->Length % HBLOCK_SIZE || base->Length > HV_MAX_LENGTH)
        why = "bad hive bins length in the base block";
    else if (base->Length > size - HBLOCK_SIZE)
        why = "file is shorter than the base block says";
    if (why)
        RtlCopyString(reason, why, reasonSize);
    return why == NULL;
}

static BOOLEAN TestBit(const UCHAR *map, ULONG offset)
{
    return map[offset / 64] >> (offset / 8 % 8) & 1;
}

static void SetBit(UCHAR *map, ULONG offset)
{
    map[offset / 64] |= (UCHAR)(1u << (offset / 8 % 8));
}

static BOOLEAN CheckBins(CHECK *chk)
{
    HHIVE *hive = chk->Hive;
    for (ULONG off = 0; off < hive->Length;) {
        HBIN *bin = HvpBin(hive, off);
        if (bin->Signature != HBIN_SIGNATURE)
            return FAIL(chk, "bin at 0x%x has no \"hbin\" signature", off);
        if (bin->FileOffset != off)
            return FAIL(chk, "bin at 0x%x says it is at 0x%x", off, bin->FileOffset);
        if (bin->Size < HBLOCK_SIZE || bin->Size % HBLOCK_SIZE || bin->Size > hive->Length - off)
            return FAIL(chk, "bin at 0x%x has bad size 0x%x", off, bin->Size);
        ULONG end = off + bin->Size;
        for (ULONG cell = off + HBIN_HEADER_SIZE; cell < end;) {
            LONG raw = *HvpCellHeader(hive, cell);
            ULONG size = raw < 0 ? 0u - (ULONG)raw : (ULONG)raw;
            if (size < 8 || size % 8)
                return FAIL(chk, "cell at 0x%x has bad size 0x%x", cell, (ULONG)raw);
            if (size > end - cell)
                return FAIL(chk, "cell at 0x%x runs past its bin", cell);
            if (raw < 0)
                SetBit(chk->Allocated, cell);
            cell += size;
        }
        off = end;
    }
    return TRUE;
}

/* A referenced cell must be the start of an allocated cell with at least `minimum` data bytes. */
static BOOLEAN CheckCell(CHECK *chk, HCELL_INDEX cell, ULONG minimum, const char *what)
{
    if (cell >= chk->Hive->Length || cell % 8 || !TestBit(chk->Allocated, cell))
        return FAIL(chk, "%s at 0x%x is not an allocated cell", what, cell);
    if (HvGetCellSize(chk->Hive, cell) < minimum)
        return FAIL(chk, "%s at 0x%x is too small", what, cell);
    return TRUE;
}

/* Like CheckCell, and claims the cell: a second reference to it means a loop or a shared structure. */
static BOOLEAN ClaimCell(CHECK *chk, HCELL_INDEX cell, ULONG minimum, const char *what)
{
    if (!CheckCell(chk, cell, minimum, what))
        return FALSE;
    if (TestBit(chk->Owned, cell))
        return FAIL(chk, "%s at 0x%x is referenced twice (loop or shared cell)", what, cell);
    SetBit(chk->Owned, cell);
    return TRUE;
}

/* The parts of a key node needed to place it in its parent's list: signature and name. */
static BOOLEAN CheckKeyNode(CHECK *chk, HCELL_INDEX key, HCELL_INDEX parent)
{
    if (!ClaimCell(chk, key, sizeof(CM_KEY_NODE), "key"))
        return FALSE;
    CM_KEY_NODE *nk = HvGetCell(chk->Hive, key);
    if (nk->Signature != CM_KEY_NODE_SIGNATURE)
        return FAIL(chk, "key at 0x%x has no \"nk\" signature", key);
    BOOLEAN ascii = (nk->Flags & KEY_COMP_NAME) != 0;
    if (nk->NameLength == 0 || (!ascii && nk->NameLength % 2) ||
        nk->NameLength > HV_MAX_NAME * 2 || nk->NameLength > HvGetCellSize(chk->Hive, key) - sizeof(*nk))
        return FAIL(chk, "key at 0x%x has a bad name length %u", key, nk->NameLength);
    if (parent != HCELL_NIL && nk->Parent != parent)
        return FAIL(chk, "key at 0x%x does not name its parent 0x%x", key, parent);
    return TRUE;
}

static BOOLEAN CheckValue(CHECK *chk, HCELL_INDEX value)
{
    if (!ClaimCell(chk, value, sizeof(CM_KEY_VALUE), "value"))
        return FALSE;
    CM_KEY_VALUE *vk = HvGetCell(chk->Hive, value);
    if (vk->Signature != CM_KEY_VALUE_SIGNATURE)
        return FAIL(chk, "value at 0x%x has no \"vk\" signature", value);
    if ((!(vk->Flags & VALUE_COMP_NAME) && vk->NameLength % 2) ||
        vk->NameLength > HvGetCellSize(chk->Hive, value) - sizeof(*vk))
        return FAIL(chk, "value at 0x%x has a bad name length %u", value, vk->NameLength);
    ULONG length = vk->DataLength & ~VALUE_DATA_INLINE;
    if (vk->DataLength & VALUE_DATA_INLINE)
        return length <= 4 ? TRUE : FAIL(chk, "value at 0x%x has inline data longer than 4 bytes", value);
    if (length > HV_MAX_DATA)
        return FAIL(chk, "value at 0x%x has data too large for a version 1.3 hive", value);
    return length == 0 || ClaimCell(chk, vk->DataOffset, length, "value data");
}

static BOOLEAN CheckValues(CHECK *chk, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetCell(chk->Hive, key);
    ULONG count = nk->ValueCount;
    HCELL_INDEX list = nk->ValueList;
    if (count == 0)
        return TRUE;
    if (count > HV_MAX_DATA / 4)
        return FAIL(chk, "key at 0x%x has too many values", key);
    if (!ClaimCell(chk, list, count * 4, "value list"))
        return FALSE;
    for (ULONG i = 0; i < count; i++)
        if (!CheckValue(chk, ((HCELL_INDEX *)HvGetCell(chk->Hive, list))[i]))
            return FALSE;
    return TRUE;
}

static BOOLEAN RecordSecurity(CHECK *chk, HCELL_INDEX cell)
{
    if (chk->SkCount == chk->SkCapacity) {
        ULONG capacity = chk->SkCapacity ? chk->SkCapacity * 2 : 16;
        SK_USE *grown = chk->Hive->Allocate(capacity * sizeof(SK_USE));
        if (!grown)
            return FAIL(chk, "out of memory checking security cells");
        if (chk->Sk) {
            memcpy(grown, chk->Sk, chk->SkCount * sizeof(SK_USE));
            chk->Hive->Free(chk->Sk, chk->SkCapacity * sizeof(SK_USE));
        }
        chk->Sk = grown;
        chk->SkCapacity = capacity;
    }
    chk->Sk[chk->SkCount++] = (SK_USE){ cell, 0 };
    return TRUE;
}

/* Checks and claims every sk cell on the circular list through `first`, recording each in chk->Sk.
   Claiming makes a list that does not close, or an sk cell used as anything else, an error. */
static BOOLEAN CheckSecurityList(CHECK *chk, HCELL_INDEX first)
{
    HCELL_INDEX cell = first;
    do {
        if (!ClaimCell(chk, cell, sizeof(CM_KEY_SECURITY), "security cell"))
            return FALSE;
        CM_KEY_SECURITY *sk = HvGetCell(chk->Hive, cell);
        if (sk->Signature != CM_KEY_SECURITY_SIG)
            return FAIL(chk, "security cell at 0x%x has no \"sk\" signature", cell);
        if (sk->DescriptorLength > HvGetCellSize(chk->Hive, cell) - sizeof(*sk))
            return FAIL(chk, "security cell at 0x%x has a bad descriptor length", cell);
        HCELL_INDEX next = sk->Flink;
        if (!CheckCell(chk, next, sizeof(CM_KEY_SECURITY), "security list link"))
            return FALSE;
        CM_KEY_SECURITY *other = HvGetCell(chk->Hive, next);
        if (other->Signature != CM_KEY_SECURITY_SIG || other->Blink != cell)
            return FAIL(chk, "security cell at 0x%x has a broken list link", cell);
        if (!RecordSecurity(chk, cell))
            return FALSE;
        cell = next;
    } while (cell != first);
    return TRUE;
}

static BOOLEAN CheckSecurity(CHECK *chk, HCELL_INDEX key)
{
    HCELL_INDEX cell = ((CM_KEY_NODE *)HvGetCell(chk->Hive, key))->Security;
    for (ULONG i = 0; i < chk->SkCount; i++)
        if (chk->Sk[i].Cell == cell)
            return chk->Sk[i].Uses++, TRUE;
    ULONG first = chk->SkCount;     /* the list walk records `cell` here */
    if (!CheckSecurityList(chk, cell))
        return FALSE;
    chk->Sk[first].Uses++;
    return TRUE;
}

static BOOLEAN CheckSecurityCounts(CHECK *chk)
{
    for (ULONG i = 0; i < chk->SkCount; i++) {
        CM_KEY_SECURITY *sk = HvGetCell(chk->Hive, chk->Sk[i].Cell);
        /* Upper bound: no hive can hold that many keys, so adding references cannot wrap the count. */
        if (sk->ReferenceCount < chk->Sk[i].Uses || sk->ReferenceCount > HV_MAX_LENGTH / 8)
            return FAIL(chk, "security cell at 0x%x has %u references but %u users", chk->Sk[i].Cell,
                        sk->ReferenceCount, chk->Sk[i].Uses);
    }
    return TRUE;
}

/* Checks one leaf (li/lf/lh); *previous carries the last name seen so the whole list is sorted. */
static BOOLEAN CheckLeaf(CHECK *chk, HCELL_INDEX leaf, HCELL_INDEX key, ULONG *total, HCELL_INDEX *previous)
{
    if (!ClaimCell(chk, leaf, 4, "subkey list"))
        return FALSE;
    CM_KEY_INDEX *index = HvGetCell(chk->Hive, leaf);
    ULONG stride = index->Signature == CM_INDEX_LEAF ? 4 : 8;
    if (index->Signature != CM_INDEX_LEAF && index->Signature != CM_FAST_LEAF && index->Signature != CM_HASH_LEAF)
        return FAIL(chk, "subkey list at 0x%x is not an li, lf, lh or ri list", leaf);
    if (index->Count == 0 || 4 + index->Count * stride > HvGetCellSize(chk->Hive, leaf))
        return FAIL(chk, "subkey list at 0x%x has a bad count %u", leaf, index->Count);
    for (ULONG i = 0; i < index->Count; i++) {
        HCELL_INDEX child = HvpLeafElement(chk->Hive, leaf, i);
        if (!CheckKeyNode(chk, child, key))
            return FALSE;
        if (*previous != HCELL_NIL) {
            CM_KEY_NODE *a = HvGetCell(chk->Hive, *previous), *b = HvGetCell(chk->Hive, child);
            if (HvpCompareStoredNames(a->Name, a->NameLength, (a->Flags & KEY_COMP_NAME) != 0,
                                      b->Name, b->NameLength, (b->Flags & KEY_COMP_NAME) != 0) >= 0)
                return FAIL(chk, "subkeys of key at 0x%x are not sorted or not unique", key);
        }
        *previous = child;
    }
    *total += index->Count;
    return TRUE;
}

static BOOLEAN CheckSubkeyList(CHECK *chk, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetCell(chk->Hive, key);
    ULONG expected = nk->SubKeyCount, total = 0;
    HCELL_INDEX list = nk->SubKeyList, previous = HCELL_NIL;
    if (expected == 0)
        return TRUE;
    if (!CheckCell(chk, list, 4, "subkey list"))
        return FALSE;
    CM_KEY_INDEX *index = HvGetCell(chk->Hive, list);
    if (index->Signature != CM_INDEX_ROOT) {
        if (!CheckLeaf(chk, list, key, &total, &previous))
            return FALSE;
    } else {
        if (!ClaimCell(chk, list, 4, "subkey list"))
            return FALSE;
        if (index->Count == 0 || 4 + index->Count * 4u > HvGetCellSize(chk->Hive, list))
            return FAIL(chk, "index root at 0x%x has a bad count %u", list, index->Count);
        for (ULONG i = 0; i < index->Count; i++)
            if (!CheckLeaf(chk, ((CM_KEY_INDEX *)HvGetCell(chk->Hive, list))->List[i], key, &total, &previous))
                return FALSE;
    }
    if (total != expected)
        return FAIL(chk, "key at 0x%x says it has %u subkeys but its list holds %u", key, expected, total);
    return TRUE;
}

/* Everything below a key node other than its subkeys' own contents. */
static BOOLEAN CheckKeyContents(CHECK *chk, HCELL_INDEX key)
{
    CM_KEY_NODE *nk = HvGetCell(chk->Hive, key);
    if (nk->ClassLength && !ClaimCell(chk, nk->Class, nk->ClassLength, "class name"))
        return FALSE;
    return CheckSecurity(chk, key) && CheckValues(chk, key) && CheckSubkeyList(chk, key);
}

static BOOLEAN PushKey(CHECK *chk, HCELL_INDEX key)
{
    if (chk->Depth == HV_MAX_DEPTH)
        return FAIL(chk, "key at 0x%x is nested more than %u levels deep", key, HV_MAX_DEPTH);
    if (!CheckKeyContents(chk, key))
        return FALSE;
    chk->Stack[chk->Depth++] = (WALK_FRAME){ key, 0 };
    return TRUE;
}

static BOOLEAN WalkTree(CHECK *chk)
{
    HCELL_INDEX root = HvRootCell(chk->Hive);
    if (!CheckKeyNode(chk, root, HCELL_NIL) || !PushKey(chk, root))
        return FALSE;
    while (chk->Depth) {
        WALK_FRAME *top = &chk->Stack[chk->Depth - 1];
        CM_KEY_NODE *nk = HvGetCell(chk->Hive, top->Key);
        HCELL_INDEX child;
        if (top->Next == nk->SubKeyCount) {
            chk->Depth--;
            continue;
        }
        if (!NT_SUCCESS(HvEnumerateSubkey(chk->Hive, top->Key, top->Next++, &child)) || !PushKey(chk, child))
            return FALSE;
    }
    return CheckSecurityCounts(chk);
}

static void FreeCheck(CHECK *chk)
{
    HHIVE *hive = chk->Hive;
    if (chk->Allocated)
        hive->Free(chk->Allocated, chk->BitmapBytes);
    if (chk->Owned)
        hive->Free(chk->Owned, chk->BitmapBytes);
    if (chk->Sk)
        hive->Free(chk->Sk, chk->SkCapacity * sizeof(SK_USE));
    if (chk->Stack)
        hive->Free(chk->Stack, HV_MAX_DEPTH * sizeof(WALK_FRAME));
}

NTSTATUS HvCheckHive(HHIVE *hive)
{
    CHECK chk = { .Hive = hive, .BitmapBytes = hive->Length / 64 + 1 };
    chk.Allocated = hive->Allocate(chk.BitmapBytes);
    chk.Owned = hive->Allocate(chk.BitmapBytes);
    chk.Stack = hive->Allocate(HV_MAX_DEPTH * sizeof(WALK_FRAME));
    if (!chk.Allocated || !chk.Owned || !chk.Stack) {
        FreeCheck(&chk);
        RtlCopyString(hive->Reason, "out of memory checking the hive", sizeof(hive->Reason));
        return STATUS_NO_MEMORY;
    }
    memset(chk.Allocated, 0, chk.BitmapBytes);
    memset(chk.Owned, 0, chk.BitmapBytes);
    BOOLEAN ok = CheckBins(&chk) && WalkTree(&chk);
    FreeCheck(&chk);
    return ok ? STATUS_SUCCESS : STATUS_REGISTRY_CORRUPT;
}
