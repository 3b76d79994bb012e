/* Cell allocation inside the hive's bins: first fit with splitting, coalescing of adjacent free cells
   within a bin on free, and a new bin appended (the image grown) when no free cell is large enough.
   hive->BinFree keeps each bin's largest free cell so a search skips bins that cannot fit. */
#include "hvp.h"
#include "rtl.h"

#define HV_MIN_CELL 8u

static ULONG HvpCellBytes(ULONG dataSize)
{
    ULONG bytes = HV_ALIGN(dataSize + 4, 8);
    return bytes < HV_MIN_CELL ? HV_MIN_CELL : bytes;
}

PVOID HvGetCell(HHIVE *hive, HCELL_INDEX cell)
{
    return hive->Image + HBLOCK_SIZE + cell + 4;
}

ULONG HvGetCellSize(HHIVE *hive, HCELL_INDEX cell)
{
    return (ULONG)-*HvpCellHeader(hive, cell) - 4;
}

void HvMarkCellDirty(HHIVE *hive, HCELL_INDEX cell)
{
    LONG size = *HvpCellHeader(hive, cell);
    HvMarkDirty(hive, cell, (ULONG)(size < 0 ? -size : size));
}

static ULONG HvpBinOf(HHIVE *hive, HCELL_INDEX cell)
{
    ULONG bin = 0;
    while (bin + HvpBin(hive, bin)->Size <= cell)
        bin += HvpBin(hive, bin)->Size;
    return bin;
}

void HvpRecomputeBinFree(HHIVE *hive, ULONG bin)
{
    ULONG largest = 0, end = bin + HvpBin(hive, bin)->Size;
    for (ULONG cell = bin + HBIN_HEADER_SIZE; cell < end;) {
        LONG size = *HvpCellHeader(hive, cell);
        if (size > 0 && (ULONG)size > largest)
            largest = (ULONG)size;
        cell += (ULONG)(size < 0 ? -size : size);
    }
    hive->BinFree[bin / HBLOCK_SIZE] = largest;
}

/* Turns the free cell at `cell` of `bin` into an allocated one of `bytes`, splitting off the rest. */
static HCELL_INDEX HvpTakeCell(HHIVE *hive, ULONG bin, HCELL_INDEX cell, ULONG bytes)
{
    ULONG have = (ULONG)*HvpCellHeader(hive, cell);
    if (have - bytes >= HV_MIN_CELL) {
        *HvpCellHeader(hive, cell + bytes) = (LONG)(have - bytes);
        HvMarkDirty(hive, cell + bytes, 4);
    } else {
        bytes = have;
    }
    *HvpCellHeader(hive, cell) = -(LONG)bytes;
    memset(HvGetCell(hive, cell), 0, bytes - 4);
    HvMarkDirty(hive, cell, bytes);
    HvpRecomputeBinFree(hive, bin);
    return cell;
}

/* The first free cell of at least `bytes`; *binOut gets its bin. */
static HCELL_INDEX HvpFindFreeCell(HHIVE *hive, ULONG bytes, ULONG *binOut)
{
    for (ULONG bin = 0; bin < hive->Length; bin += HvpBin(hive, bin)->Size) {
        if (hive->BinFree[bin / HBLOCK_SIZE] < bytes)
            continue;
        ULONG end = bin + HvpBin(hive, bin)->Size;
        for (ULONG cell = bin + HBIN_HEADER_SIZE; cell < end;) {
            LONG size = *HvpCellHeader(hive, cell);
            if (size > 0 && (ULONG)size >= bytes) {
                *binOut = bin;
                return cell;
            }
            cell += (ULONG)(size < 0 ? -size : size);
        }
    }
    return HCELL_NIL;
}

/* Makes room for `more` bytes of bins, moving the image (and the dirty bitmap) to a larger buffer. */
static BOOLEAN HvpEnsureCapacity(HHIVE *hive, ULONG more)
{
    ULONG need = hive->Length + more;
    if (need > HV_MAX_LENGTH || need < hive->Length)
        return FALSE;
    if (need <= hive->Capacity)
        return TRUE;
    ULONG capacity = hive->Capacity * 2 > need ? hive->Capacity * 2 : need;
    if (capacity > HV_MAX_LENGTH)
        capacity = HV_MAX_LENGTH;
    ULONG dirtyCapacity = capacity / HSECTOR_SIZE / 8 + 1;
    ULONG binFreeBytes = capacity / HBLOCK_SIZE * sizeof(ULONG);
    ULONG oldBinFreeBytes = hive->Capacity / HBLOCK_SIZE * sizeof(ULONG);
    UCHAR *image = hive->Allocate(HBLOCK_SIZE + capacity);
    UCHAR *dirty = hive->Allocate(dirtyCapacity);
    ULONG *binFree = hive->Allocate(binFreeBytes);
    if (!image || !dirty || !binFree) {
        if (image)
            hive->Free(image, HBLOCK_SIZE + capacity);
        if (dirty)
            hive->Free(dirty, dirtyCapacity);
        if (binFree)
            hive->Free(binFree, binFreeBytes);
        return FALSE;
    }
    memcpy(image, hive->Image, HBLOCK_SIZE + hive->Length);
    memset(dirty, 0, dirtyCapacity);
    memcpy(dirty, hive->Dirty, hive->DirtyCapacity);
    memset(binFree, 0, binFreeBytes);
    memcpy(binFree, hive->BinFree, oldBinFreeBytes);
    hive->Free(hive->Image, HBLOCK_SIZE + hive->Capacity);
    hive->Free(hive->Dirty, hive->DirtyCapacity);
    hive->Free(hive->BinFree, oldBinFreeBytes);
    hive->Image = image;
    hive->Dirty = dirty;
    hive->BinFree = binFree;
    hive->Capacity = capacity;
    hive->DirtyCapacity = dirtyCapacity;
    return TRUE;
}

/* Appends a bin big enough for a cell of `bytes`; returns that bin's first cell, free. */
static HCELL_INDEX HvpAddBin(HHIVE *hive, ULONG bytes, ULONG *binOut)
{
    ULONG size = HV_ALIGN(bytes + HBIN_HEADER_SIZE, HBLOCK_SIZE);
    if (!HvpEnsureCapacity(hive, size))
        return HCELL_NIL;
    ULONG offset = hive->Length;
    HBIN *bin = HvpBin(hive, offset);
    memset(bin, 0, size);
    bin->Signature = 0x6E696268u;   /* "hbin" */
    bin->FileOffset = offset;
    bin->Size = size;
    *HvpCellHeader(hive, offset + HBIN_HEADER_SIZE) = (LONG)(size - HBIN_HEADER_SIZE);
    hive->Length += size;
    hive->BinFree[offset / HBLOCK_SIZE] = size - HBIN_HEADER_SIZE;
    HvMarkDirty(hive, offset, size);
    HvUpdateBaseBlock(hive);
    *binOut = offset;
    return offset + HBIN_HEADER_SIZE;
}

HCELL_INDEX HvAllocateCell(HHIVE *hive, ULONG dataSize)
{
    if (dataSize > HV_MAX_DATA + 4096)
        return HCELL_NIL;
    ULONG bytes = HvpCellBytes(dataSize), bin;
    HCELL_INDEX cell = HvpFindFreeCell(hive, bytes, &bin);
    if (cell == HCELL_NIL)
        cell = HvpAddBin(hive, bytes, &bin);
    return cell == HCELL_NIL ? HCELL_NIL : HvpTakeCell(hive, bin, cell, bytes);
}

void HvFreeCell(HHIVE *hive, HCELL_INDEX cell)
{
    ULONG bin = HvpBinOf(hive, cell);
    ULONG end = bin + HvpBin(hive, bin)->Size;
    ULONG size = (ULONG)-*HvpCellHeader(hive, cell);
    ULONG next = cell + size;
    if (next < end && *HvpCellHeader(hive, next) > 0)
        size += (ULONG)*HvpCellHeader(hive, next);
    HCELL_INDEX prev = HCELL_NIL;
    for (ULONG c = bin + HBIN_HEADER_SIZE; c < cell;) {
        LONG s = *HvpCellHeader(hive, c);
        prev = c;
        c += (ULONG)(s < 0 ? -s : s);
    }
    if (prev != HCELL_NIL && *HvpCellHeader(hive, prev) > 0) {
        size += (ULONG)*HvpCellHeader(hive, prev);
        cell = prev;
    }
    *HvpCellHeader(hive, cell) = (LONG)size;
    HvMarkDirty(hive, cell, 4);
    if (hive->BinFree[bin / HBLOCK_SIZE] < size)
        hive->BinFree[bin / HBLOCK_SIZE] = size;
}

HCELL_INDEX HvReallocateCell(HHIVE *hive, HCELL_INDEX cell, ULONG dataSize)
{
    ULONG old = HvGetCellSize(hive, cell);
    if (old >= dataSize)
        return cell;
    HCELL_INDEX fresh = HvAllocateCell(hive, dataSize);
    if (fresh == HCELL_NIL)
        return HCELL_NIL;
    memcpy(HvGetCell(hive, fresh), HvGetCell(hive, cell), old);
    HvFreeCell(hive, cell);
    return fresh;
}
