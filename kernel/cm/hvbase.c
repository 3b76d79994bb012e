/* Hive lifetime and the base block: create an empty hive, load and validate an image, keep the base
   block's length, timestamp and checksum current, and track which sectors changed since the last flush. */
#include "hive.h"
#include "rtl.h"
#include "hvp.h"

_Static_assert(sizeof(HBASE_BLOCK) == HBLOCK_SIZE, "base block is one 4 KiB block");
_Static_assert(sizeof(HBIN) == HBIN_HEADER_SIZE, "bin header is 32 bytes");
_Static_assert(sizeof(CM_KEY_NODE) == 76, "nk name starts at 76");
_Static_assert(sizeof(CM_KEY_VALUE) == 20, "vk name starts at 20");
_Static_assert(sizeof(CM_KEY_SECURITY) == 20, "sk descriptor starts at 20");

#define REGF_SIGNATURE 0x66676572u   /* "regf" */

HBASE_BLOCK *HvBaseBlock(HHIVE *hive)
{
    return (HBASE_BLOCK *)hive->Image;
}

HCELL_INDEX HvRootCell(HHIVE *hive)
{
    return HvBaseBlock(hive)->RootCell;
}

ULONG HvImageSize(HHIVE *hive)
{
    return HBLOCK_SIZE + hive->Length;
}

ULONG HvComputeChecksum(const HBASE_BLOCK *base)
{
    const ULONG *dwords = (const ULONG *)base;
    ULONG sum = 0;
    for (int i = 0; i < 127; i++)
        sum ^= dwords[i];
    return sum;
}

/* NT stores a raw XOR of 0 as 1 and of 0xFFFFFFFF as 0xFFFFFFFE while hivex compares the raw XOR, so
   a header whose raw XOR is one of those is changed in an unused reserved dword until it is neither. */
static void HvpSealBaseBlock(HBASE_BLOCK *base)
{
    base->Reserved1[98] = 0;
    ULONG sum = HvComputeChecksum(base);
    if (sum == 0 || sum == 0xFFFFFFFFu) {
        base->Reserved1[98] = 1;
        sum = HvComputeChecksum(base);
    }
    base->CheckSum = sum;
}

void HvUpdateBaseBlock(HHIVE *hive)
{
    HBASE_BLOCK *base = HvBaseBlock(hive);
    base->Length = hive->Length;
    base->TimeStampLow = hive->TimeLow;
    base->TimeStampHigh = hive->TimeHigh;
    HvpSealBaseBlock(base);
    HBIN *first = (HBIN *)(hive->Image + HBLOCK_SIZE);
    if (hive->Length && (first->TimeStampLow != hive->TimeLow || first->TimeStampHigh != hive->TimeHigh)) {
        first->TimeStampLow = hive->TimeLow;
        first->TimeStampHigh = hive->TimeHigh;
        HvMarkDirty(hive, 0, HBIN_HEADER_SIZE);
    }
}

void HvMarkDirty(HHIVE *hive, ULONG offset, ULONG length)
{
    if (!length)
        return;
    for (ULONG s = offset / HSECTOR_SIZE; s <= (offset + length - 1) / HSECTOR_SIZE; s++) {
        UCHAR bit = (UCHAR)(1u << (s % 8));
        if (!(hive->Dirty[s / 8] & bit)) {
            hive->Dirty[s / 8] |= bit;
            hive->DirtyCount++;
        }
    }
}

BOOLEAN HvIsSectorDirty(HHIVE *hive, ULONG sector)
{
    return sector / 8 < hive->DirtyCapacity && (hive->Dirty[sector / 8] >> (sector % 8) & 1);
}

void HvClearDirty(HHIVE *hive)
{
    memset(hive->Dirty, 0, hive->DirtyCapacity);
    hive->DirtyCount = 0;
}

/* Allocates the image buffer and the dirty bitmap for a hive of `capacity` bytes of bins. */
static NTSTATUS HvpAllocateImage(HHIVE *hive, ULONG capacity, HV_ALLOCATE allocate, HV_FREE free)
{
    memset(hive, 0, sizeof(*hive));
    hive->Allocate = allocate;
    hive->Free = free;
    hive->Capacity = capacity;
    hive->Image = allocate(HBLOCK_SIZE + capacity);
    hive->DirtyCapacity = capacity / HSECTOR_SIZE / 8 + 1;
    hive->Dirty = allocate(hive->DirtyCapacity);
    hive->BinFree = allocate(capacity / HBLOCK_SIZE * sizeof(ULONG));
    if (!hive->Image || !hive->Dirty || !hive->BinFree) {
        HvFreeHive(hive);
        return STATUS_NO_MEMORY;
    }
    memset(hive->Dirty, 0, hive->DirtyCapacity);
    memset(hive->BinFree, 0, capacity / HBLOCK_SIZE * sizeof(ULONG));
    return STATUS_SUCCESS;
}

void HvFreeHive(HHIVE *hive)
{
    if (hive->Image)
        hive->Free(hive->Image, HBLOCK_SIZE + hive->Capacity);
    if (hive->Dirty)
        hive->Free(hive->Dirty, hive->DirtyCapacity);
    if (hive->BinFree)
        hive->Free(hive->BinFree, hive->Capacity / HBLOCK_SIZE * sizeof(ULONG));
    hive->Image = NULL;
    hive->Dirty = NULL;
    hive->BinFree = NULL;
}

static void HvpInitializeBaseBlock(HBASE_BLOCK *base, const char *fileName)
{
    memset(base, 0, sizeof(*base));
    base->Signature = REGF_SIGNATURE;
    base->Sequence1 = base->Sequence2 = 1;
    base->Major = HSYS_MAJOR;
    base->Minor = HSYS_MINOR;
    base->Format = 1;
    base->Cluster = 1;
    for (ULONG i = 0; i < 31 && fileName[i]; i++)
        base->FileName[i] = (WCHAR)(UCHAR)fileName[i];
}

NTSTATUS HvCreateHive(HHIVE *hive, const char *rootName, HV_ALLOCATE allocate, HV_FREE free)
{
    NTSTATUS status = HvpAllocateImage(hive, HBLOCK_SIZE, allocate, free);
    if (!NT_SUCCESS(status))
        return status;
    HBASE_BLOCK *base = HvBaseBlock(hive);
    HvpInitializeBaseBlock(base, rootName);
    base->RootCell = HCELL_NIL;
    HCELL_INDEX root;
    status = HvpCreateRootKey(hive, rootName, &root);
    if (!NT_SUCCESS(status)) {
        HvFreeHive(hive);
        return status;
    }
    HvBaseBlock(hive)->RootCell = root;
    HvUpdateBaseBlock(hive);
    return STATUS_SUCCESS;
}

NTSTATUS HvInitializeHive(HHIVE *hive, const void *image, ULONG size, HV_ALLOCATE allocate, HV_FREE free)
{
    char reason[sizeof(hive->Reason)];
    const HBASE_BLOCK *src = image;
    if (!HvpCheckBaseBlock(src, size, reason, sizeof(reason))) {
        memset(hive, 0, sizeof(*hive));
        RtlCopyString(hive->Reason, reason, sizeof(hive->Reason));
        return STATUS_REGISTRY_CORRUPT;
    }
    NTSTATUS status = HvpAllocateImage(hive, src->Length, allocate, free);
    if (!NT_SUCCESS(status)) {
        RtlCopyString(hive->Reason, "out of memory loading the hive", sizeof(hive->Reason));
        return status;
    }
    memcpy(hive->Image, image, HBLOCK_SIZE + src->Length);
    hive->Length = src->Length;
    hive->TimeLow = src->TimeStampLow;
    hive->TimeHigh = src->TimeStampHigh;
    status = HvCheckHive(hive);
    if (!NT_SUCCESS(status)) {
        RtlCopyString(reason, hive->Reason, sizeof(reason));
        HvFreeHive(hive);
        RtlCopyString(hive->Reason, reason, sizeof(hive->Reason));
        return status;
    }
    for (ULONG bin = 0; bin < hive->Length; bin += HvpBin(hive, bin)->Size)
        HvpRecomputeBinFree(hive, bin);
    return STATUS_SUCCESS;
}
