// SOURCES: kernel/ex/poolcore.c
/* Host tests of the pool core over a malloc'd arena: header arithmetic, LIFO reuse, splitting, page
   reclaim, whole-page blocks, tag counters, a random workload, and every corruption the pool must
   turn into BAD_POOL_HEADER (0x19) or BAD_POOL_CALLER (0xC2) with the right parameters. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../kernel/ex/poolp.h"

#define ARENA_PAGES 512
#define TAG_A POOL_TAG('T', 's', 't', 'A')
#define TAG_B POOL_TAG('T', 's', 't', 'B')
#define LINK_BYTES sizeof(LIST_ENTRY)

static unsigned char *arena;
static unsigned char used[ARENA_PAGES];
static ULONG smallBits[ARENA_PAGES / 32], bigBits[ARENA_PAGES / 32];
static POOL_DESCRIPTOR pool;
static int failures;

static jmp_buf onBugCheck;
static int expectingBugCheck;
static ULONG stopCode;
static ULONG_PTR stopParams[4];

void ExpPoolBugCheck(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4)
{
    stopCode = code;
    stopParams[0] = p1; stopParams[1] = p2; stopParams[2] = p3; stopParams[3] = p4;
    if (!expectingBugCheck) {
        printf("FAIL unexpected bugcheck 0x%X (0x%lX, 0x%lX, 0x%lX, 0x%lX)\n", code,
               (unsigned long)p1, (unsigned long)p2, (unsigned long)p3, (unsigned long)p4);
        exit(1);
    }
    longjmp(onBugCheck, 1);
}

static PVOID arena_allocate(ULONG count)
{
    for (ULONG first = 0; first + count <= ARENA_PAGES; first++) {
        ULONG n = 0;
        while (n < count && !used[first + n])
            n++;
        if (n == count) {
            memset(used + first, 1, count);
            memset(arena + first * POOL_PAGE_SIZE, 0x5A, count * POOL_PAGE_SIZE);  /* not zero: no luck */
            return arena + first * POOL_PAGE_SIZE;
        }
    }
    return NULL;
}

static void arena_free(PVOID va, ULONG count)
{
    ULONG first = (ULONG)(((unsigned char *)va - arena) / POOL_PAGE_SIZE);
    for (ULONG i = 0; i < count; i++) {
        if (!used[first + i]) {
            printf("FAIL page %u freed twice\n", first + i);
            exit(1);
        }
        used[first + i] = 0;
    }
}

static ULONG arena_pages_used(void)
{
    ULONG n = 0;
    for (ULONG i = 0; i < ARENA_PAGES; i++)
        n += used[i];
    return n;
}

static void reset(void)
{
    memset(used, 0, sizeof used);
    ExpInitializePoolDescriptor(&pool, (ULONG_PTR)arena, ARENA_PAGES, smallBits, bigBits, arena_allocate, arena_free);
}

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static POOL_HEADER *header(void *p) { return (POOL_HEADER *)p - 1; }
static void *alloc(size_t n, ULONG tag) { return ExpAllocatePool(&pool, NonPagedPool, n, tag); }
static void release(void *p, ULONG tag) { ExpFreePool(&pool, p, tag, TRUE); }

/* Runs `body` expecting a bugcheck; checks the code and the parameters that are not ~0. */
#define EXPECT_STOP(what, code, q1, q2, q3, q4, body)                                         \
    do {                                                                                      \
        expectingBugCheck = 1;                                                                \
        if (setjmp(onBugCheck) == 0) {                                                        \
            body;                                                                             \
            check(what " (no bugcheck)", 0);                                                  \
        } else {                                                                              \
            ULONG_PTR want[4] = { (ULONG_PTR)(q1), (ULONG_PTR)(q2), (ULONG_PTR)(q3), (ULONG_PTR)(q4) }; \
            int ok = stopCode == (code);                                                      \
            for (int i = 0; i < 4; i++)                                                       \
                ok &= want[i] == (ULONG_PTR)~0ul || want[i] == stopParams[i];                 \
            if (!ok)                                                                          \
                printf("     got 0x%X (0x%lX, 0x%lX, 0x%lX, 0x%lX)\n", stopCode,              \
                       (unsigned long)stopParams[0], (unsigned long)stopParams[1],            \
                       (unsigned long)stopParams[2], (unsigned long)stopParams[3]);           \
            check(what, ok);                                                                  \
        }                                                                                     \
        expectingBugCheck = 0;                                                                \
        reset();                                                                              \
    } while (0)
#define ANY (~0ul)

static void test_arithmetic(void)
{
    reset();
    check("POOL_HEADER is 8 bytes", sizeof(POOL_HEADER) == 8);
    ULONG minUnits = (ULONG)((sizeof(POOL_HEADER) + LINK_BYTES + 7) / 8);
    unsigned char *a = alloc(1, TAG_A);
    check("1 byte takes the minimum block", header(a)->BlockSize == minUnits);
    unsigned char *b = alloc(100, TAG_A);
    check("100 bytes take 14 units (header + 100, rounded to 8)", header(b)->BlockSize == 14);
    check("blocks are carved in order from a fresh page", b == a + minUnits * 8);
    check("next block's PreviousSize is its neighbour's size", header(b)->PreviousSize == minUnits);
    check("the first block of a page has PreviousSize 0", header(a)->PreviousSize == 0);
    check("the block starts after the page header", (ULONG_PTR)header(a) % POOL_PAGE_SIZE == sizeof(POOL_PAGE));
    check("tag and type are in the header", header(b)->PoolTag == TAG_A && header(b)->PoolType == NonPagedPool + 1);
    check("bytes in use count whole blocks", pool.BytesInUse == (minUnits + 14) * 8);
    check("blocks are 8-byte aligned", (ULONG_PTR)a % 8 == 0 && (ULONG_PTR)b % 8 == 0);
    unsigned char *big = alloc(POOL_SMALL_MAX_BYTES, TAG_A);
    check("the largest small block fills a whole page", header(big)->BlockSize == POOL_WHOLE_PAGE_UNITS);
    release(big, TAG_A);
    release(b, TAG_A);
    release(a, TAG_A);
    check("all freed: no bytes in use", pool.BytesInUse == 0);
}

static void test_reuse_and_fill(void)
{
    reset();
    void *keep = alloc(16, TAG_A);
    void *a = alloc(48, TAG_A);
    void *b = alloc(48, TAG_A);
    release(a, TAG_A);
    ULONG *body = a;
    int filled = 1;
    for (size_t off = LINK_BYTES; off < 48; off += 4)
        filled &= body[off / 4] == POOL_FREE_FILL;
    check("a freed block is filled with the pattern after its links", filled);
    check("a freed block's header says free", header(a)->PoolType == 0);
    release(b, TAG_A);
    check("LIFO: the most recently freed block comes back first", alloc(48, TAG_A) == b);
    check("and then the one before it", alloc(48, TAG_A) == a);
    (void)keep;
}

static void test_reclaim(void)
{
    reset();
    void *blocks[200];
    for (int i = 0; i < 200; i++)
        blocks[i] = alloc(200, TAG_B);
    ULONG pages = arena_pages_used();
    check("200 blocks of 200 bytes use 11 pages", pages == 11);
    for (int i = 0; i < 200; i++)
        release(blocks[i], TAG_B);
    check("empty pages go back, keeping a few",
          arena_pages_used() == POOL_EMPTY_PAGES_KEPT && pool.EmptyPages == POOL_EMPTY_PAGES_KEPT);
    void *w = alloc(POOL_SMALL_MAX_BYTES, TAG_B);
    check("a kept page serves a whole-page block", w && arena_pages_used() == POOL_EMPTY_PAGES_KEPT);
    release(w, TAG_B);
    check("pool usage back to zero", pool.BytesInUse == 0);
}

static void test_big(void)
{
    reset();
    unsigned char *p = alloc(10000, TAG_A);
    check("a big block is page-aligned", (ULONG_PTR)p % POOL_PAGE_SIZE == 0);
    check("a big block takes whole pages", arena_pages_used() == 3 && pool.BytesInUse == 3 * POOL_PAGE_SIZE);
    memset(p, 1, 10000);
    release(p, TAG_A);
    check("a freed big block returns its pages", arena_pages_used() == 0 && pool.BytesInUse == 0);
    check("a request larger than the arena fails cleanly", alloc((ARENA_PAGES + 1) * POOL_PAGE_SIZE, TAG_A) == NULL);
}

static const POOL_TAG_INFO *find_tag(POOL_TAG_INFO *tags, ULONG n, ULONG tag)
{
    for (ULONG i = 0; i < n; i++)
        if (tags[i].Tag == tag)
            return &tags[i];
    return NULL;
}

static void test_tags(void)
{
    reset();
    void *a[5];
    for (int i = 0; i < 5; i++)
        a[i] = alloc(24, TAG_A);
    void *b = alloc(24, TAG_B);
    release(a[0], TAG_A);
    POOL_TAG_INFO tags[8];
    ULONG n = ExpQueryPoolTags(&pool, tags, 8);
    const POOL_TAG_INFO *ta = find_tag(tags, n, TAG_A), *tb = find_tag(tags, n, TAG_B);
    check("two tags are listed", n == 2 && ta && tb);
    check("per-tag allocations, frees and bytes",
          ta && ta->Allocations == 5 && ta->Frees == 1 && ta->BytesInUse == 4 * 32);
    check("the other tag is separate", tb && tb->Allocations == 1 && tb->BytesInUse == 32);
    for (int i = 1; i < 5; i++)
        ExpFreePool(&pool, a[i], 0, FALSE);
    release(b, TAG_B);
    n = ExpQueryPoolTags(&pool, tags, 8);
    ta = find_tag(tags, n, TAG_A);
    check("ExFreePool (no tag check) counts against the block's tag", ta && ta->Frees == 5 && ta->BytesInUse == 0);
    for (ULONG t = 0; t < POOL_TAG_SLOTS + 10; t++)
        release(alloc(8, 0x41000000u + t), 0x41000000u + t);
    n = ExpQueryPoolTags(&pool, tags, 0);
    check("the tag table never overflows: extra tags share 'Ovfl'", n == POOL_TAG_SLOTS);
}

static void test_random(void)
{
    reset();
    enum { SLOTS = 300 };
    unsigned char *p[SLOTS] = { 0 };
    size_t size[SLOTS];
    unsigned seed = 12345;
    int intact = 1;
    for (int step = 0; step < 100000; step++) {
        seed = seed * 1103515245u + 12345u;
        int i = (seed >> 8) % SLOTS;
        if (p[i]) {
            for (size_t k = 0; k < size[i]; k++)
                intact &= p[i][k] == (unsigned char)(i + k);
            release(p[i], TAG_A);
            p[i] = NULL;
        } else {
            size[i] = 1 + (seed >> 16) % ((seed & 1) ? 6000 : 300);
            p[i] = alloc(size[i], TAG_A);
            if (!p[i])
                continue;
            for (size_t k = 0; k < size[i]; k++)
                p[i][k] = (unsigned char)(i + k);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        if (p[i])
            release(p[i], TAG_A);
    check("100000 random allocations and frees keep every block intact", intact);
    check("and end with nothing in use", pool.BytesInUse == 0 && pool.BigPages == 0);
    check("and at most the kept empty pages", arena_pages_used() <= POOL_EMPTY_PAGES_KEPT);
}

static void test_corruption(void)
{
    reset();
    void *volatile keep, *volatile a, *volatile b;
    EXPECT_STOP("zero-byte allocation: 0xC2 (0, 0, type, tag)", 0xC2, 0, 0, NonPagedPool, TAG_A,
                alloc(0, TAG_A));
    EXPECT_STOP("double free: 0xC2 (7, tag, header, address)", 0xC2, 7, TAG_A, ANY, a,
                keep = alloc(8, TAG_A); a = alloc(40, TAG_A); release(a, TAG_A); release(a, TAG_A));
    EXPECT_STOP("double free after its page became one free block: 0xC2 (7, fill, fill, address)", 0xC2, 7,
                POOL_FREE_FILL, POOL_FREE_FILL, b,
                a = alloc(40, TAG_A); b = alloc(40, TAG_A); release(a, TAG_A); release(b, TAG_A); release(b, TAG_A));
    EXPECT_STOP("wrong tag: 0xC2 (0xA, address, tag, given tag)", 0xC2, 0xA, a, TAG_A, TAG_B,
                a = alloc(40, TAG_A); release(a, TAG_B));
    EXPECT_STOP("below the pool range: 0xC2 (0x40, address, range start, 0)", 0xC2, 0x40, arena - 64, arena, 0,
                release(arena - 64, TAG_A));
    EXPECT_STOP("a page that is not pool: 0xC2 (0x42, address, 0, 0)", 0xC2, 0x42, arena + 100 * 4096, 0, 0,
                release(arena + 100 * 4096, TAG_A));
    EXPECT_STOP("inside a big block: 0xC2 (0x41, ...)", 0xC2, 0x41, (unsigned char *)a + 4096, ANY, ARENA_PAGES,
                a = alloc(3 * 4096, TAG_A); release((unsigned char *)a + 4096, TAG_A));
    EXPECT_STOP("big block freed twice: 0xC2 (0x42, ...)", 0xC2, 0x42, a, 0, 0,
                a = alloc(3 * 4096, TAG_A); release(a, TAG_A); release(a, TAG_A));
    EXPECT_STOP("misaligned address in a pool page: 0xC2 (0x46, ...)", 0xC2, 0x46, (unsigned char *)a + 4, 0, 0,
                a = alloc(40, TAG_A); release((unsigned char *)a + 4, TAG_A));
    EXPECT_STOP("overrun into the next header: 0x19 (5, block, 0, next)", 0x19, 5, header(a), 0, header(b),
                a = alloc(40, TAG_A); b = alloc(40, TAG_A); memset(a, 0x41, 48); release(a, TAG_A));
    EXPECT_STOP("write after free, in the filled body: 0x19 (0xD, block, address, value)", 0x19, 0xD, header(b),
                (unsigned char *)b + LINK_BYTES + 4, POOL_FREE_FILL - 1,
                keep = alloc(8, TAG_A); b = alloc(40, TAG_A); release(b, TAG_A);
                ((ULONG *)((unsigned char *)b + LINK_BYTES))[1]--; alloc(40, TAG_A));
    EXPECT_STOP("write after free found when the page empties: 0x19 (0xD, ...)", 0x19, 0xD, header(a),
                (unsigned char *)a + 40, POOL_FREE_FILL + 1,
                a = alloc(48, TAG_A); b = alloc(48, TAG_A); release(a, TAG_A);
                ((ULONG *)a)[10]++; release(b, TAG_A));
    EXPECT_STOP("16-bit decrement over a freed block's link: 0x19 (3, ...)", 0x19, 3, b, ANY, ANY,
                keep = alloc(8, TAG_A); b = alloc(40, TAG_A); release(b, TAG_A);
                (*(USHORT *)b)--; alloc(40, TAG_A));
    EXPECT_STOP("freed header rewritten: 0x19 (0xE, block, header, list size)", 0x19, 0xE, header(b), ANY, 6,
                keep = alloc(8, TAG_A); b = alloc(40, TAG_A); release(b, TAG_A);
                header(b)->PoolType = 1; alloc(40, TAG_A));
    EXPECT_STOP("block size zeroed: 0x19 (8, 0, 0, block)", 0x19, 8, 0, 0, header(b),
                keep = alloc(8, TAG_A); b = alloc(40, TAG_A); header(b)->BlockSize = 0; release(b, TAG_A));
    (void)keep;
}

int main(void)
{
    arena = aligned_alloc(POOL_PAGE_SIZE, ARENA_PAGES * POOL_PAGE_SIZE);
    test_arithmetic();
    test_reuse_and_fill();
    test_reclaim();
    test_big();
    test_tags();
    test_random();
    test_corruption();
    free(arena);
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures != 0;
}
