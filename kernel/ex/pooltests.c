/* In-kernel tests of the pool: allocation patterns, LIFO reuse, per-tag counters, a 70,000-block run
   (the registry demo's load) that must return the pool to its starting usage, and one test per
   corruption the pool detects; those end in the bugcheck that tests/suites/mm.py checks. */
#include "poolp.h"
#include "mm.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"
#include "ktest.h"

#define TAG_TEST POOL_TAG('T', 'e', 's', 't')
#define TAG_OTHER POOL_TAG('O', 't', 'h', 'r')
#define DEMO_OPENS 70000u

static ULONGLONG read_tsc(void)
{
    ULONG lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (ULONGLONG)hi << 32 | lo;
}

static POOL_HEADER *header_of(PVOID block)
{
    return (POOL_HEADER *)block - 1;
}

static BOOLEAN find_tag(ULONG tag, POOL_TAG_INFO *out)
{
    static POOL_TAG_INFO tags[POOL_TAG_SLOTS];
    ULONG n = ExQueryPoolTags(tags, POOL_TAG_SLOTS);
    for (ULONG i = 0; i < n && i < POOL_TAG_SLOTS; i++)
        if (tags[i].Tag == tag) {
            *out = tags[i];
            return TRUE;
        }
    return FALSE;
}

KTEST(pool_basic)
{
    ULONG start = ExQueryPoolBytesInUse();
    static const size_t sizes[] = { 1, 8, 24, 64, 100, 512, 1000, 4000, POOL_SMALL_MAX_BYTES, 5000, 20000 };
    UCHAR *blocks[sizeof sizes / sizeof sizes[0]];
    for (ULONG i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        blocks[i] = ExAllocatePoolWithTag(NonPagedPool, sizes[i], TAG_TEST);
        KT_CHECK(blocks[i] != NULL && (ULONG_PTR)blocks[i] % 8 == 0);
        memset(blocks[i], (int)i, sizes[i]);
    }
    for (ULONG i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (size_t k = 0; k < sizes[i]; k++)
            if (blocks[i][k] != (UCHAR)i) {
                KtFail(__FILE__, __LINE__, "block %u byte %u overwritten", i, (ULONG)k);
                break;
            }
        ExFreePoolWithTag(blocks[i], TAG_TEST);
    }
    KT_EQ(ExQueryPoolBytesInUse(), start);
    PVOID a = ExAllocatePoolWithTag(PagedPool, 48, TAG_TEST);
    ExFreePool(a);
    KT_CHECK(ExAllocatePoolWithTag(PagedPool, 48, TAG_TEST) == a);     /* LIFO: the same block again */
    ExFreePoolWithTag(a, 0);
    KT_EQ(ExQueryPoolBytesInUse(), start);
}

KTEST(pool_tags)
{
    POOL_TAG_INFO before = { 0 }, after;
    find_tag(TAG_OTHER, &before);
    PVOID blocks[10];
    for (int i = 0; i < 10; i++)
        blocks[i] = ExAllocatePoolWithTag(NonPagedPool, 56, TAG_OTHER);
    KT_CHECK(find_tag(TAG_OTHER, &after));
    KT_EQ(after.Allocations - before.Allocations, 10);
    KT_EQ(after.BytesInUse - before.BytesInUse, 10 * 64);
    for (int i = 0; i < 10; i++)
        ExFreePoolWithTag(blocks[i], TAG_OTHER);
    KT_CHECK(find_tag(TAG_OTHER, &after));
    KT_EQ(after.Frees - before.Frees, 10);
    KT_EQ(after.BytesInUse, before.BytesInUse);
}

/* The registry demo's shape: 70,000 small objects alive at once, then all freed. */
KTEST(pool_many)
{
    ULONG start = ExQueryPoolBytesInUse();
    MM_STATISTICS memBefore, memAfter;
    MmQueryStatistics(&memBefore);
    PVOID *objects = ExAllocatePoolWithTag(NonPagedPool, DEMO_OPENS * sizeof(PVOID), TAG_TEST);
    KT_CHECK(objects != NULL);
    for (ULONG i = 0; i < DEMO_OPENS; i++) {
        objects[i] = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_OTHER);
        if (!objects[i]) {
            KtFail(__FILE__, __LINE__, "allocation %u failed", i);
            return;
        }
        *(ULONG *)objects[i] = i;
    }
    for (ULONG i = 0; i < DEMO_OPENS; i++) {
        if (*(ULONG *)objects[i] != i)
            KtFail(__FILE__, __LINE__, "object %u overwritten", i);
        ExFreePoolWithTag(objects[i], TAG_OTHER);
    }
    ExFreePoolWithTag(objects, TAG_TEST);
    KT_EQ(ExQueryPoolBytesInUse(), start);
    MmQueryStatistics(&memAfter);
    KT_CHECK(memAfter.FreePages + POOL_EMPTY_PAGES_KEPT >= memBefore.FreePages);
}

/* make bench: an allocate+free pair in steady state (its page stays in use), and the cost per
   allocation when 70,000 objects pile up as in the registry demo. */
KTEST(bench_pool)
{
    enum { PAIRS = 10000 };
    PVOID keep = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
    ULONGLONG t0 = read_tsc();
    for (ULONG i = 0; i < PAIRS; i++)
        ExFreePoolWithTag(ExAllocatePoolWithTag(NonPagedPool, 64, TAG_TEST), TAG_TEST);
    ULONGLONG t1 = read_tsc();
    ExFreePoolWithTag(keep, TAG_TEST);
    PVOID *objects = ExAllocatePoolWithTag(NonPagedPool, DEMO_OPENS * sizeof(PVOID), TAG_TEST);
    KT_CHECK(objects != NULL);
    ULONGLONG t2 = read_tsc();
    for (ULONG i = 0; i < DEMO_OPENS; i++)
        objects[i] = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_OTHER);
    ULONGLONG t3 = read_tsc();
    for (ULONG i = 0; i < DEMO_OPENS; i++)
        ExFreePoolWithTag(objects[i], TAG_OTHER);
    ULONGLONG t4 = read_tsc();
    ExFreePoolWithTag(objects, TAG_TEST);
    DbgPrint("bench pool_alloc_free_pair: %u cycles\n", (ULONG)((t1 - t0) / PAIRS));
    DbgPrint("bench pool_alloc_70000: %u cycles each\n", (ULONG)((t3 - t2) / DEMO_OPENS));
    DbgPrint("bench pool_free_70000: %u cycles each\n", (ULONG)((t4 - t3) / DEMO_OPENS));
}

/* ---- corruption: each of these ends in a bugcheck ---- */

/* Two blocks, the second right after the first (carved in order from one free block). */
static void adjacent_pair(UCHAR **first, UCHAR **second, size_t bytes)
{
    for (int tries = 0; tries < 64; tries++) {
        *first = ExAllocatePoolWithTag(NonPagedPool, bytes, TAG_TEST);
        *second = ExAllocatePoolWithTag(NonPagedPool, bytes, TAG_TEST);
        if ((UCHAR *)header_of(*second) == (UCHAR *)header_of(*first) + header_of(*first)->BlockSize * POOL_UNIT)
            return;
    }
    KtFail(__FILE__, __LINE__, "no two adjacent blocks");
}

KTEST(pool_overrun)
{
    UCHAR *a, *b;
    adjacent_pair(&a, &b, 40);
    DbgPrint("overrunning block 0x%08X into 0x%08X\n", (ULONG)(ULONG_PTR)header_of(a),
             (ULONG)(ULONG_PTR)header_of(b));
    memset(a, 'A', 40 + sizeof(POOL_HEADER));            /* writes over b's header */
    ExFreePoolWithTag(a, TAG_TEST);
}

/* Q179827's pattern: a 16-bit count inside a freed block is decremented. Beyond the free-list links
   the write is found when the block is handed out again. */
KTEST(pool_write_after_free)
{
    UCHAR *a = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
    ExFreePoolWithTag(a, TAG_TEST);
    DbgPrint("decrementing a USHORT at 0x%08X in freed block 0x%08X\n", (ULONG)(ULONG_PTR)(a + 12),
             (ULONG)(ULONG_PTR)header_of(a));
    (*(USHORT *)(a + 12))--;
    ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
}

/* The same write at offset 0, where NT's KCB kept its count: it lands on the free-list link. */
KTEST(pool_write_after_free_link)
{
    UCHAR *a = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
    ExFreePoolWithTag(a, TAG_TEST);
    (*(USHORT *)a)--;
    ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
}

KTEST(pool_double_free)
{
    ExAllocatePoolWithTag(NonPagedPool, 8, TAG_TEST);      /* keeps the page in use, so a's header stays */
    PVOID a = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
    DbgPrint("freeing 0x%08X twice\n", (ULONG)(ULONG_PTR)a);
    ExFreePoolWithTag(a, TAG_TEST);
    ExFreePoolWithTag(a, TAG_TEST);
}

static ULONG NotPool[4];

KTEST(pool_free_not_pool)
{
    DbgPrint("freeing 0x%08X (a kernel variable)\n", (ULONG)(ULONG_PTR)NotPool);
    ExFreePool(NotPool);
}

KTEST(pool_free_user_address)
{
    ExFreePool((PVOID)0x00010000);
}

KTEST(pool_zero_bytes)
{
    ExAllocatePoolWithTag(NonPagedPool, 0, TAG_TEST);
}

KTEST(pool_wrong_tag)
{
    PVOID a = ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
    ExFreePoolWithTag(a, TAG_OTHER);
}

KTEST(pool_allocate_above_dispatch)
{
    KIRQL old;
    KeRaiseIrql(HIGH_LEVEL, &old);
    ExAllocatePoolWithTag(NonPagedPool, 40, TAG_TEST);
}
