/*
 * Executive handle tables: three levels of pages allocated on demand and a LIFO free list threaded
 * through the free entries, so that creating and destroying a handle are O(1) and a table grows one
 * 4 KB page at a time. Pure logic over the pool and the table lock: also built into host unit tests.
 */
#include "exhandle.h"
#include "rtl.h"

#define LOW_SHIFT 9                     /* log2(EX_HANDLE_LOW_ENTRIES) */
#define MID_SHIFT 10                    /* log2(EX_HANDLE_MID_ENTRIES) */

/* The index a handle names, or 0 (never a valid index) for values beyond the table's reach:
   that includes the pseudo-handles -1 and -2 and kernel handles with their top bit set. */
static ULONG handle_index(HANDLE handle)
{
    ULONG_PTR index = (ULONG_PTR)handle >> 2;
    return index < EX_MAX_HANDLE_INDEX ? (ULONG)index : 0;
}

static HANDLE index_handle(ULONG index)
{
    return (HANDLE)((ULONG_PTR)index << 2);
}

static PHANDLE_TABLE_ENTRY entry_at(PHANDLE_TABLE table, ULONG index)
{
    PHANDLE_TABLE_ENTRY *mid = table->Top[index >> (LOW_SHIFT + MID_SHIFT)];
    return &mid[(index >> LOW_SHIFT) & (EX_HANDLE_MID_ENTRIES - 1)][index & (EX_HANDLE_LOW_ENTRIES - 1)];
}

static void push_free(PHANDLE_TABLE table, ULONG index)
{
    PHANDLE_TABLE_ENTRY e = entry_at(table, index);
    e->Object = 0;
    e->NextFree = table->FirstFree;
    table->FirstFree = index;
}

/* Both kinds of page are 4 KB on x86: 512 entries of 8 bytes, or 1024 pointers. */
#define LOW_PAGE_BYTES (EX_HANDLE_LOW_ENTRIES * sizeof(HANDLE_TABLE_ENTRY))
#define MID_PAGE_BYTES (EX_HANDLE_MID_ENTRIES * sizeof(PHANDLE_TABLE_ENTRY))

static PVOID allocate_page(size_t bytes)
{
    return ExAllocatePoolWithTag(PagedPool, bytes, EX_HANDLE_TABLE_TAG);
}

/* Adds the lowest page after the last one (and its middle page when it starts a new one) and puts its
   entries on the free list, lowest index first. Called and returns with the table locked; the pool is
   called unlocked. FALSE when the table is at its limit or the pool is exhausted. */
static BOOLEAN grow(PHANDLE_TABLE table)
{
    ULONG base = table->NextIndex;
    if (base >= EX_MAX_HANDLE_INDEX)
        return FALSE;
    ULONG top = base >> (LOW_SHIFT + MID_SHIFT);
    BOOLEAN needMid = table->Top[top] == NULL;
    ExpUnlockHandleTable(table);
    PHANDLE_TABLE_ENTRY *mid = needMid ? allocate_page(MID_PAGE_BYTES) : NULL;
    PHANDLE_TABLE_ENTRY low = allocate_page(LOW_PAGE_BYTES);
    ExpLockHandleTable(table);
    BOOLEAN grownMeanwhile = table->NextIndex != base;
    if (grownMeanwhile || !low || (needMid && !mid)) {     /* another thread grew it, or out of pool */
        ExpUnlockHandleTable(table);
        if (mid)
            ExFreePoolWithTag(mid, EX_HANDLE_TABLE_TAG);
        if (low)
            ExFreePoolWithTag(low, EX_HANDLE_TABLE_TAG);
        ExpLockHandleTable(table);
        return grownMeanwhile;
    }
    if (mid) {
        memset(mid, 0, MID_PAGE_BYTES);
        table->Top[top] = mid;
    }
    table->Top[top][(base >> LOW_SHIFT) & (EX_HANDLE_MID_ENTRIES - 1)] = low;
    table->NextIndex = base + EX_HANDLE_LOW_ENTRIES;
    memset(low, 0, LOW_PAGE_BYTES);
    for (ULONG i = base + EX_HANDLE_LOW_ENTRIES - 1; i > base; i--)
        push_free(table, i);
    if (base != 0)                          /* index 0 is never issued: handle 0 is not a handle */
        push_free(table, base);
    return TRUE;
}

PHANDLE_TABLE ExCreateHandleTable(PVOID owner)
{
    PHANDLE_TABLE table = ExAllocatePoolWithTag(PagedPool, sizeof *table, EX_HANDLE_TABLE_TAG);
    if (table) {
        memset(table, 0, sizeof *table);
        table->Owner = owner;
    }
    return table;
}

HANDLE ExCreateHandle(PHANDLE_TABLE table, const HANDLE_TABLE_ENTRY *entry)
{
    ExpLockHandleTable(table);
    while (table->FirstFree == 0) {
        if (!grow(table)) {
            ExpUnlockHandleTable(table);
            return NULL;
        }
    }
    ULONG index = table->FirstFree;
    PHANDLE_TABLE_ENTRY e = entry_at(table, index);
    table->FirstFree = e->NextFree;
    *e = *entry;
    table->HandleCount++;
    ExpUnlockHandleTable(table);
    return index_handle(index);
}

PHANDLE_TABLE_ENTRY ExMapHandleToPointer(PHANDLE_TABLE table, HANDLE handle)
{
    ULONG index = handle_index(handle);
    ExpLockHandleTable(table);
    if (index != 0 && index < table->NextIndex) {
        PHANDLE_TABLE_ENTRY e = entry_at(table, index);
        if (e->Object)
            return e;
    }
    ExpUnlockHandleTable(table);
    return NULL;
}

void ExUnlockHandleTableEntry(PHANDLE_TABLE table, PHANDLE_TABLE_ENTRY entry)
{
    ExpUnlockHandleTable(table);
}

void ExDestroyHandle(PHANDLE_TABLE table, HANDLE handle, PHANDLE_TABLE_ENTRY entry)
{
    push_free(table, handle_index(handle));
    table->HandleCount--;
    ExpUnlockHandleTable(table);
}

void ExSweepHandleTable(PHANDLE_TABLE table, EX_SWEEP_HANDLE_ROUTINE routine, PVOID context)
{
    for (ULONG index = 1;; index++) {
        HANDLE_TABLE_ENTRY copy = { 0 };
        ExpLockHandleTable(table);
        if (index >= table->NextIndex || table->HandleCount == 0) {
            ExpUnlockHandleTable(table);
            return;
        }
        PHANDLE_TABLE_ENTRY e = entry_at(table, index);
        if (e->Object) {
            copy = *e;
            push_free(table, index);
            table->HandleCount--;
        }
        ExpUnlockHandleTable(table);
        if (copy.Object)
            routine(index_handle(index), &copy, context);
    }
}

void ExDestroyHandleTable(PHANDLE_TABLE table, EX_SWEEP_HANDLE_ROUTINE routine, PVOID context)
{
    if (routine)
        ExSweepHandleTable(table, routine, context);
    for (ULONG top = 0; top < EX_HANDLE_TOP_ENTRIES; top++) {
        PHANDLE_TABLE_ENTRY *mid = table->Top[top];
        if (!mid)
            continue;
        for (ULONG i = 0; i < EX_HANDLE_MID_ENTRIES; i++)
            if (mid[i])
                ExFreePoolWithTag(mid[i], EX_HANDLE_TABLE_TAG);
        ExFreePoolWithTag(mid, EX_HANDLE_TABLE_TAG);
    }
    ExFreePoolWithTag(table, EX_HANDLE_TABLE_TAG);
}

/* Gives a private table pages for indices below `count`, then copies the accepted entries. */
static BOOLEAN copy_entries(PHANDLE_TABLE copy, PHANDLE_TABLE source, ULONG count,
                            EX_DUPLICATE_HANDLE_ROUTINE routine, PVOID context)
{
    ExpLockHandleTable(copy);
    while (copy->NextIndex < count) {
        if (!grow(copy)) {
            ExpUnlockHandleTable(copy);
            return FALSE;
        }
    }
    ExpUnlockHandleTable(copy);
    for (ULONG index = 1; index < count; index++) {
        ExpLockHandleTable(source);
        HANDLE_TABLE_ENTRY e = *entry_at(source, index);
        BOOLEAN keep = e.Object && routine(&e, context);
        ExpUnlockHandleTable(source);
        if (keep) {
            *entry_at(copy, index) = e;
            copy->HandleCount++;
        }
    }
    return TRUE;
}

PHANDLE_TABLE ExDupHandleTable(PHANDLE_TABLE source, PVOID owner, EX_DUPLICATE_HANDLE_ROUTINE routine,
                               PVOID context)
{
    PHANDLE_TABLE copy = ExCreateHandleTable(owner);
    if (!copy)
        return NULL;
    ExpLockHandleTable(source);
    ULONG count = source->NextIndex;
    ExpUnlockHandleTable(source);
    if (!copy_entries(copy, source, count, routine, context)) {
        ExDestroyHandleTable(copy, NULL, NULL);     /* nothing was copied yet */
        return NULL;
    }
    copy->FirstFree = 0;                    /* rebuild: lowest free index first */
    for (ULONG index = copy->NextIndex; index-- > 1;)
        if (entry_at(copy, index)->Object == 0)
            push_free(copy, index);
    return copy;
}

HANDLE ExEnumHandleTable(PHANDLE_TABLE table, HANDLE after, EX_ENUMERATE_HANDLE_ROUTINE routine,
                         PVOID context)
{
    for (ULONG index = after ? handle_index(after) + 1 : 1;; index++) {
        ExpLockHandleTable(table);
        if (index >= table->NextIndex) {
            ExpUnlockHandleTable(table);
            return NULL;
        }
        PHANDLE_TABLE_ENTRY e = entry_at(table, index);
        BOOLEAN stop = e->Object && routine(index_handle(index), e, context);
        ExpUnlockHandleTable(table);
        if (stop)
            return index_handle(index);
    }
}
