/*
 * The pool's core, independent of where its pages come from (kernel: the direct map; host unit
 * tests: a malloc'd arena). Layout of a small-block page:
 *
 *   +0  POOL_PAGE          live block count, signature
 *   +8  POOL_HEADER|body   blocks, each BlockSize 8-byte units long (header included),
 *       POOL_HEADER|body   chained by BlockSize forward and PreviousSize backward
 *
 * A free block has PoolType 0, its free-list links in the first bytes of its body and POOL_FREE_FILL
 * everywhere after them. Free lists are per exact block size, LIFO, with a bitmap of non-empty lists.
 * Blocks are not merged on free; when the last live block of a page is freed, the page's free blocks
 * are unlinked and the page becomes one free block again (or goes back to the system).
 */
#ifndef POOLP_H
#define POOLP_H

#include "ntdef.h"
#include "ex.h"

#define POOL_UNIT             8u
#define POOL_PAGE_SIZE        4096u
#define POOL_PAGE_UNITS       (POOL_PAGE_SIZE / POOL_UNIT)
#define POOL_WHOLE_PAGE_UNITS (POOL_PAGE_UNITS - 1)          /* all of a page after its POOL_PAGE */
#define POOL_FREE_FILL        0xDEADBEEFu                    /* freed memory; dereferenced, it faults */
#define POOL_PAGE_SIGNATURE   0x65676150u                    /* "Page" */
#define POOL_TAG_SLOTS        256u
#define POOL_BIG_SLOTS        512u
#define POOL_EMPTY_PAGES_KEPT 4u

typedef struct _POOL_HEADER {
    USHORT PreviousSize : 9;     /* units of the block before (0: first in its page) */
    USHORT PoolIndex    : 7;     /* which pool descriptor: always 0 */
    USHORT BlockSize    : 9;     /* units, header included */
    USHORT PoolType     : 7;     /* 0 = free, else POOL_TYPE + 1 */
    ULONG  PoolTag;
} POOL_HEADER;

typedef struct _POOL_PAGE {
    ULONG LiveBlocks;
    ULONG Signature;
} POOL_PAGE;

typedef struct _POOL_BIG_ENTRY {
    ULONG_PTR Va;                /* 0 = slot unused */
    ULONG Pages;
    ULONG Tag;
} POOL_BIG_ENTRY;

typedef struct _POOL_DESCRIPTOR {
    /* Pool pages all lie in [RangeBase, RangeBase + RangePages pages); two bits per page say what it is. */
    ULONG_PTR RangeBase;
    ULONG RangePages;
    ULONG *SmallPageBits;        /* a page of small blocks */
    ULONG *BigStartBits;         /* the first page of a whole-page allocation */
    PVOID (*AllocatePages)(ULONG count);                /* contiguous, inside the range; NULL = none */
    void (*FreePages)(PVOID va, ULONG count);
    LIST_ENTRY ListHeads[POOL_WHOLE_PAGE_UNITS + 1];   /* by BlockSize */
    ULONG NonEmpty[(POOL_WHOLE_PAGE_UNITS + 32) / 32];
    ULONG EmptyPages;            /* whole free pages kept on ListHeads[POOL_WHOLE_PAGE_UNITS] */
    ULONG SmallPages, BigPages;
    ULONG BytesInUse;
    POOL_TAG_INFO Tags[POOL_TAG_SLOTS];
    ULONG TagCount;
    POOL_BIG_ENTRY Big[POOL_BIG_SLOTS];
} POOL_DESCRIPTOR;

/* Blocks above this many bytes are whole pages. */
#define POOL_SMALL_MAX_BYTES  (POOL_WHOLE_PAGE_UNITS * POOL_UNIT - sizeof(POOL_HEADER))

void  ExpInitializePoolDescriptor(POOL_DESCRIPTOR *pool, ULONG_PTR rangeBase, ULONG rangePages,
                                  ULONG *smallPageBits, ULONG *bigStartBits,
                                  PVOID (*allocatePages)(ULONG), void (*freePages)(PVOID, ULONG));
PVOID ExpAllocatePool(POOL_DESCRIPTOR *pool, POOL_TYPE type, size_t bytes, ULONG tag);
void  ExpFreePool(POOL_DESCRIPTOR *pool, PVOID block, ULONG tag, BOOLEAN checkTag);
ULONG ExpQueryPoolTags(const POOL_DESCRIPTOR *pool, POOL_TAG_INFO *out, ULONG max);

/* Provided by the user of the core: the kernel bugchecks, the host tests record and longjmp. */
__attribute__((noreturn)) void ExpPoolBugCheck(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4);

/* BAD_POOL_HEADER (0x19) and BAD_POOL_CALLER (0xC2) first parameters used by the pool (NT's values). */
#define POOL_FREE_LIST_CORRUPT   0x03   /* (entry, Flink read back, Blink read back) */
#define POOL_NEIGHBOURS_DISAGREE 0x05   /* (entry, 0, the other entry) */
#define POOL_PREVIOUS_TOO_LARGE  0x06   /* (entry, 0, page start) */
#define POOL_SIZE_CORRUPT        0x07   /* (0, entry's first header word, entry) */
#define POOL_SIZE_ZERO           0x08   /* (0, 0, entry) */
#define POOL_PAGE_CORRUPT        0x0A   /* (entry, 0, page) */
#define POOL_FREED_BLOCK_WRITTEN 0x0D   /* (entry, modified address, value found there) */
#define POOL_FREED_HEADER_WRITTEN 0x0E  /* (entry, header word 0, expected BlockSize) */
#define POOL_BIG_UNTRACKED       0x22   /* (address, 0, 0) */

#define POOL_CALLER_ZERO_BYTES   0x00   /* (0, pool type, tag) */
#define POOL_CALLER_DOUBLE_FREE  0x07   /* (tag, header word 0, address) */
#define POOL_CALLER_WRONG_TAG    0x0A   /* (address, allocator's tag, tag given to the free) */
#define POOL_CALLER_USER_ADDRESS 0x40   /* (address, start of the pool range, 0) */
#define POOL_CALLER_INSIDE_BIG   0x41   /* (address, page index in the range, range pages) */
#define POOL_CALLER_NOT_POOL     0x42   /* (address, 0, 0) */
#define POOL_CALLER_BAD_ADDRESS  0x46   /* (address, 0, 0): not where a block can start */

#endif
