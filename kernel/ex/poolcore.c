/* The pool's core: size-segregated LIFO free lists over pages of 8-byte-unit blocks with NT-style
   headers, whole-page allocations for big requests, fill-pattern and link checks, per-tag counters.
   Pure logic over pages handed in by the caller (host-tested in tests/unit/test_pool.c). */
#include "poolp.h"

#define HEADER_BYTES  sizeof(POOL_HEADER)
#define FILL_START    (sizeof(POOL_HEADER) + sizeof(LIST_ENTRY))    /* the fill follows the links */
#define MIN_UNITS     ((FILL_START + POOL_UNIT - 1) / POOL_UNIT)
#define OVERFLOW_TAG  POOL_TAG('O', 'v', 'f', 'l')
#define NONE_TAG      POOL_TAG('N', 'o', 'n', 'e')

#define BAD_HEADER(p1, p2, p3, p4) \
    ExpPoolBugCheck(0x19, (ULONG_PTR)(p1), (ULONG_PTR)(p2), (ULONG_PTR)(p3), (ULONG_PTR)(p4))
#define BAD_CALLER(p1, p2, p3, p4) \
    ExpPoolBugCheck(0xC2, (ULONG_PTR)(p1), (ULONG_PTR)(p2), (ULONG_PTR)(p3), (ULONG_PTR)(p4))

/* ---- addresses and bits ---- */

static ULONG_PTR page_of(const void *p) { return (ULONG_PTR)p & ~(ULONG_PTR)(POOL_PAGE_SIZE - 1); }
static ULONG_PTR page_end(const void *p) { return page_of(p) + POOL_PAGE_SIZE; }
static LIST_ENTRY *links_of(POOL_HEADER *h) { return (LIST_ENTRY *)(h + 1); }
static POOL_HEADER *header_of_links(LIST_ENTRY *l) { return (POOL_HEADER *)l - 1; }
static POOL_HEADER *block_at(POOL_HEADER *h, ULONG units) { return (POOL_HEADER *)((char *)h + units * POOL_UNIT); }
static ULONG first_word(const POOL_HEADER *h) { return *(const ULONG *)h; }

static BOOLEAN in_range(const POOL_DESCRIPTOR *pool, ULONG_PTR va)
{
    return va >= pool->RangeBase && (va - pool->RangeBase) / POOL_PAGE_SIZE < pool->RangePages;
}
static ULONG page_index(const POOL_DESCRIPTOR *pool, ULONG_PTR va)
{
    return (ULONG)((va - pool->RangeBase) / POOL_PAGE_SIZE);
}
static BOOLEAN test_bit(const ULONG *bits, ULONG i) { return (bits[i / 32] >> (i % 32)) & 1u; }
static void set_bit(ULONG *bits, ULONG i) { bits[i / 32] |= 1u << (i % 32); }
static void clear_bit(ULONG *bits, ULONG i) { bits[i / 32] &= ~(1u << (i % 32)); }

static ULONG units_for(size_t bytes)
{
    ULONG units = (ULONG)((bytes + HEADER_BYTES + POOL_UNIT - 1) / POOL_UNIT);
    return units < MIN_UNITS ? MIN_UNITS : units;
}

/* ---- the freed-memory pattern ---- */

static void fill(POOL_HEADER *h, ULONG from, ULONG to)
{
    for (ULONG off = from; off < to; off += sizeof(ULONG))
        *(ULONG *)((char *)h + off) = POOL_FREE_FILL;
}

/* Every byte of a free block after its links holds the pattern until the block is handed out again. */
static void verify_fill(POOL_HEADER *h, ULONG from, ULONG to)
{
    for (ULONG off = from; off < to; off += sizeof(ULONG)) {
        ULONG *p = (ULONG *)((char *)h + off);
        if (*p != POOL_FREE_FILL)
            BAD_HEADER(POOL_FREED_BLOCK_WRITTEN, h, p, *p);
    }
}

/* ---- free lists ---- */

static BOOLEAN plausible_link(const POOL_DESCRIPTOR *pool, const LIST_ENTRY *l)
{
    ULONG_PTR va = (ULONG_PTR)l;
    ULONG_PTR heads = (ULONG_PTR)pool->ListHeads;
    if (va >= heads && va < heads + sizeof pool->ListHeads)
        return (va - heads) % sizeof(LIST_ENTRY) == 0;
    return in_range(pool, va) && test_bit(pool->SmallPageBits, page_index(pool, va)) &&
           va % POOL_UNIT == 0 && va - page_of(l) >= sizeof(POOL_PAGE) + HEADER_BYTES;
}

/* NT's parameters: in a healthy list P2, P3 and P4 are the same address. */
static void check_links(const POOL_DESCRIPTOR *pool, LIST_ENTRY *e)
{
    LIST_ENTRY *f = e->Flink, *b = e->Blink;
    if (!plausible_link(pool, f) || !plausible_link(pool, b))
        BAD_HEADER(POOL_FREE_LIST_CORRUPT, e, f, b);
    if (f->Blink != e || b->Flink != e)
        BAD_HEADER(POOL_FREE_LIST_CORRUPT, e, f->Blink, b->Flink);
}

static void insert_free(POOL_DESCRIPTOR *pool, POOL_HEADER *h)
{
    LIST_ENTRY *head = &pool->ListHeads[h->BlockSize], *e = links_of(h);
    check_links(pool, head);
    InsertHeadList(head, e);
    set_bit(pool->NonEmpty, h->BlockSize);
}

static void remove_free(POOL_DESCRIPTOR *pool, POOL_HEADER *h, ULONG listUnits)
{
    LIST_ENTRY *e = links_of(h);
    check_links(pool, e);
    if (h->PoolType != 0 || h->BlockSize != listUnits)
        BAD_HEADER(POOL_FREED_HEADER_WRITTEN, h, first_word(h), listUnits);
    RemoveEntryList(e);
    LIST_ENTRY *head = &pool->ListHeads[listUnits];
    if (IsListEmpty(head))
        clear_bit(pool->NonEmpty, listUnits);
    if (listUnits == POOL_WHOLE_PAGE_UNITS)
        pool->EmptyPages--;
}

/* The smallest non-empty list of at least `units`, or 0. */
static ULONG find_list(const POOL_DESCRIPTOR *pool, ULONG units)
{
    for (ULONG w = units / 32; w < sizeof pool->NonEmpty / sizeof(ULONG); w++) {
        ULONG bits = pool->NonEmpty[w];
        if (w == units / 32)
            bits &= ~0u << (units % 32);
        if (bits)
            return w * 32 + (ULONG)__builtin_ctz(bits);
    }
    return 0;
}

/* ---- per-tag counters ---- */

static POOL_TAG_INFO *tag_entry(POOL_DESCRIPTOR *pool, ULONG tag)
{
    ULONG i = (tag * 2654435761u) % POOL_TAG_SLOTS;
    for (ULONG n = 0; n < POOL_TAG_SLOTS; n++, i = (i + 1) % POOL_TAG_SLOTS) {
        if (pool->Tags[i].Tag == tag)
            return &pool->Tags[i];
        if (pool->Tags[i].Tag == 0)
            break;
    }
    if (pool->TagCount >= POOL_TAG_SLOTS - 1 && tag != OVERFLOW_TAG)
        return tag_entry(pool, OVERFLOW_TAG);     /* the last slot is kept for it */
    pool->Tags[i].Tag = tag;
    pool->TagCount++;
    return &pool->Tags[i];
}

static void count_allocation(POOL_DESCRIPTOR *pool, ULONG tag, ULONG bytes)
{
    POOL_TAG_INFO *t = tag_entry(pool, tag);
    t->Allocations++;
    t->BytesInUse += bytes;
    pool->BytesInUse += bytes;
}

static void count_free(POOL_DESCRIPTOR *pool, ULONG tag, ULONG bytes)
{
    POOL_TAG_INFO *t = tag_entry(pool, tag);
    t->Frees++;
    t->BytesInUse -= bytes;
    pool->BytesInUse -= bytes;
}

ULONG ExpQueryPoolTags(const POOL_DESCRIPTOR *pool, POOL_TAG_INFO *out, ULONG max)
{
    ULONG n = 0;
    for (ULONG i = 0; i < POOL_TAG_SLOTS; i++)
        if (pool->Tags[i].Tag != 0 && n++ < max)
            out[n - 1] = pool->Tags[i];
    return n;
}

/* ---- pages of small blocks ---- */

static POOL_HEADER *make_whole_page_block(POOL_DESCRIPTOR *pool, ULONG_PTR page)
{
    POOL_HEADER *h = (POOL_HEADER *)(page + sizeof(POOL_PAGE));
    *h = (POOL_HEADER){ .PreviousSize = 0, .BlockSize = POOL_WHOLE_PAGE_UNITS, .PoolType = 0 };
    insert_free(pool, h);
    pool->EmptyPages++;
    return h;
}

static BOOLEAN add_page(POOL_DESCRIPTOR *pool)
{
    PVOID va = pool->AllocatePages(1);
    if (!va)
        return FALSE;
    ULONG_PTR page = (ULONG_PTR)va;
    *(POOL_PAGE *)page = (POOL_PAGE){ .LiveBlocks = 0, .Signature = POOL_PAGE_SIGNATURE };
    set_bit(pool->SmallPageBits, page_index(pool, page));
    pool->SmallPages++;
    POOL_HEADER *h = (POOL_HEADER *)(page + sizeof(POOL_PAGE));
    fill(h, FILL_START, POOL_WHOLE_PAGE_UNITS * POOL_UNIT);
    make_whole_page_block(pool, page);
    return TRUE;
}

/* The last live block of the page is gone: check each free block (links and fill), unlink it, turn
   its header back into fill, and keep the page as one whole free block or return it to the system. */
static void reclaim_page(POOL_DESCRIPTOR *pool, ULONG_PTR page)
{
    POOL_HEADER *h = (POOL_HEADER *)(page + sizeof(POOL_PAGE));
    while ((ULONG_PTR)h < page + POOL_PAGE_SIZE) {
        ULONG units = h->BlockSize;
        if (h->PoolType != 0 || units < MIN_UNITS || (ULONG_PTR)block_at(h, units) > page + POOL_PAGE_SIZE)
            BAD_HEADER(POOL_PAGE_CORRUPT, h, 0, page);
        verify_fill(h, FILL_START, units * POOL_UNIT);
        remove_free(pool, h, units);
        fill(h, 0, FILL_START);
        h = block_at(h, units);
    }
    if (pool->EmptyPages < POOL_EMPTY_PAGES_KEPT) {
        make_whole_page_block(pool, page);
        return;
    }
    ((POOL_PAGE *)page)->Signature = 0;
    clear_bit(pool->SmallPageBits, page_index(pool, page));
    pool->SmallPages--;
    pool->FreePages((PVOID)page, 1);
}

static PVOID allocate_small(POOL_DESCRIPTOR *pool, POOL_TYPE type, ULONG units, ULONG tag)
{
    ULONG list = find_list(pool, units);
    if (!list) {
        if (!add_page(pool))
            return NULL;
        list = POOL_WHOLE_PAGE_UNITS;
    }
    POOL_HEADER *h = header_of_links(pool->ListHeads[list].Flink);
    remove_free(pool, h, list);
    ULONG rest = list - units;
    if (rest < MIN_UNITS) {
        units = list;
        rest = 0;
    }
    verify_fill(h, FILL_START, units * POOL_UNIT + (rest ? FILL_START : 0));
    if (rest) {
        POOL_HEADER *r = block_at(h, units), *next = block_at(h, list);
        if ((ULONG_PTR)next < page_end(h)) {
            if (next->PreviousSize != list)
                BAD_HEADER(POOL_NEIGHBOURS_DISAGREE, h, 0, next);
            next->PreviousSize = rest;
        }
        *r = (POOL_HEADER){ .PreviousSize = units, .BlockSize = rest, .PoolType = 0 };
        insert_free(pool, r);
    }
    *h = (POOL_HEADER){ .PreviousSize = h->PreviousSize, .BlockSize = units, .PoolType = type + 1, .PoolTag = tag };
    ((POOL_PAGE *)page_of(h))->LiveBlocks++;
    count_allocation(pool, tag, units * POOL_UNIT);
    return h + 1;
}

/* The header of a block being freed must agree with itself and with both neighbours. */
static void check_block_being_freed(POOL_HEADER *h)
{
    ULONG_PTR page = page_of(h), offset = (ULONG_PTR)h - page;
    if (((POOL_PAGE *)page)->Signature != POOL_PAGE_SIGNATURE)
        BAD_HEADER(POOL_PAGE_CORRUPT, h, 0, page);
    if (h->BlockSize == 0)
        BAD_HEADER(POOL_SIZE_ZERO, 0, 0, h);
    if (h->BlockSize < MIN_UNITS || (ULONG_PTR)block_at(h, h->BlockSize) > page + POOL_PAGE_SIZE)
        BAD_HEADER(POOL_SIZE_CORRUPT, 0, first_word(h), h);
    if (h->PreviousSize * POOL_UNIT > offset - sizeof(POOL_PAGE))
        BAD_HEADER(POOL_PREVIOUS_TOO_LARGE, h, 0, page);
    if (offset == sizeof(POOL_PAGE) ? h->PreviousSize != 0 : h->PreviousSize == 0)
        BAD_HEADER(POOL_NEIGHBOURS_DISAGREE, h, 0, page + sizeof(POOL_PAGE));
    if (h->PreviousSize) {
        POOL_HEADER *prev = (POOL_HEADER *)((char *)h - h->PreviousSize * POOL_UNIT);
        if (prev->BlockSize != h->PreviousSize)
            BAD_HEADER(POOL_NEIGHBOURS_DISAGREE, prev, 0, h);
    }
    POOL_HEADER *next = block_at(h, h->BlockSize);
    if ((ULONG_PTR)next < page + POOL_PAGE_SIZE && next->PreviousSize != h->BlockSize)
        BAD_HEADER(POOL_NEIGHBOURS_DISAGREE, h, 0, next);
}

static void free_small(POOL_DESCRIPTOR *pool, PVOID block, ULONG tag, BOOLEAN checkTag)
{
    POOL_HEADER *h = (POOL_HEADER *)block - 1;
    ULONG_PTR offset = (ULONG_PTR)h - page_of(h);
    if ((ULONG_PTR)block % POOL_UNIT || offset < sizeof(POOL_PAGE))
        BAD_CALLER(POOL_CALLER_BAD_ADDRESS, block, 0, 0);
    /* Freed already: either the header still says free, or the block's page has since been made
       one free block again and the header is now fill. */
    if (h->PoolType == 0 || (first_word(h) == POOL_FREE_FILL && h->PoolTag == POOL_FREE_FILL))
        BAD_CALLER(POOL_CALLER_DOUBLE_FREE, h->PoolTag, first_word(h), block);
    check_block_being_freed(h);
    if (checkTag && tag != h->PoolTag)
        BAD_CALLER(POOL_CALLER_WRONG_TAG, block, h->PoolTag, tag);
    count_free(pool, h->PoolTag, h->BlockSize * POOL_UNIT);
    h->PoolType = 0;
    fill(h, FILL_START, h->BlockSize * POOL_UNIT);
    insert_free(pool, h);
    POOL_PAGE *page = (POOL_PAGE *)page_of(h);
    if (--page->LiveBlocks == 0)
        reclaim_page(pool, (ULONG_PTR)page);
}

/* ---- whole-page allocations ---- */

static POOL_BIG_ENTRY *big_entry(POOL_DESCRIPTOR *pool, ULONG_PTR va)
{
    for (ULONG i = 0; i < POOL_BIG_SLOTS; i++)
        if (pool->Big[i].Va == va)
            return &pool->Big[i];
    return NULL;
}

static PVOID allocate_big(POOL_DESCRIPTOR *pool, size_t bytes, ULONG tag)
{
    ULONG pages = (ULONG)((bytes + POOL_PAGE_SIZE - 1) / POOL_PAGE_SIZE);
    POOL_BIG_ENTRY *slot = big_entry(pool, 0);
    PVOID va = slot ? pool->AllocatePages(pages) : NULL;
    if (!va)
        return NULL;
    *slot = (POOL_BIG_ENTRY){ .Va = (ULONG_PTR)va, .Pages = pages, .Tag = tag };
    set_bit(pool->BigStartBits, page_index(pool, (ULONG_PTR)va));
    pool->BigPages += pages;
    count_allocation(pool, tag, pages * POOL_PAGE_SIZE);
    return va;
}

static void free_big(POOL_DESCRIPTOR *pool, PVOID block, ULONG tag, BOOLEAN checkTag)
{
    POOL_BIG_ENTRY *e = big_entry(pool, (ULONG_PTR)block);
    if (!e)
        BAD_HEADER(POOL_BIG_UNTRACKED, block, 0, 0);
    if (checkTag && tag != e->Tag)
        BAD_CALLER(POOL_CALLER_WRONG_TAG, block, e->Tag, tag);
    clear_bit(pool->BigStartBits, page_index(pool, (ULONG_PTR)block));
    pool->BigPages -= e->Pages;
    count_free(pool, e->Tag, e->Pages * POOL_PAGE_SIZE);
    pool->FreePages(block, e->Pages);
    e->Va = 0;
}

/* An address that is no block start: inside a whole-page allocation (0x41), or never pool (0x42). */
__attribute__((noreturn)) static void not_a_block(POOL_DESCRIPTOR *pool, PVOID block)
{
    ULONG_PTR va = (ULONG_PTR)block;
    for (ULONG i = 0; i < POOL_BIG_SLOTS; i++) {
        const POOL_BIG_ENTRY *e = &pool->Big[i];
        if (e->Va && va >= e->Va && va < e->Va + e->Pages * POOL_PAGE_SIZE)
            BAD_CALLER(POOL_CALLER_INSIDE_BIG, block, page_index(pool, va), pool->RangePages);
    }
    BAD_CALLER(POOL_CALLER_NOT_POOL, block, 0, 0);
}

/* ---- entry points ---- */

void ExpInitializePoolDescriptor(POOL_DESCRIPTOR *pool, ULONG_PTR rangeBase, ULONG rangePages,
                                 ULONG *smallPageBits, ULONG *bigStartBits,
                                 PVOID (*allocatePages)(ULONG), void (*freePages)(PVOID, ULONG))
{
    *pool = (POOL_DESCRIPTOR){ .RangeBase = rangeBase, .RangePages = rangePages,
                               .SmallPageBits = smallPageBits, .BigStartBits = bigStartBits,
                               .AllocatePages = allocatePages, .FreePages = freePages };
    for (ULONG i = 0; i < (rangePages + 31) / 32; i++)
        smallPageBits[i] = bigStartBits[i] = 0;
    for (ULONG i = 0; i <= POOL_WHOLE_PAGE_UNITS; i++)
        InitializeListHead(&pool->ListHeads[i]);
}

PVOID ExpAllocatePool(POOL_DESCRIPTOR *pool, POOL_TYPE type, size_t bytes, ULONG tag)
{
    if (bytes == 0)
        BAD_CALLER(POOL_CALLER_ZERO_BYTES, 0, type, tag);
    if (tag == 0)
        tag = NONE_TAG;
    if (bytes > POOL_SMALL_MAX_BYTES)
        return allocate_big(pool, bytes, tag);
    return allocate_small(pool, type, units_for(bytes), tag);
}

void ExpFreePool(POOL_DESCRIPTOR *pool, PVOID block, ULONG tag, BOOLEAN checkTag)
{
    ULONG_PTR va = (ULONG_PTR)block;
    if (va < pool->RangeBase)
        BAD_CALLER(POOL_CALLER_USER_ADDRESS, block, pool->RangeBase, 0);
    if (!in_range(pool, va))
        BAD_CALLER(POOL_CALLER_NOT_POOL, block, 0, 0);
    ULONG page = page_index(pool, va);
    if (test_bit(pool->SmallPageBits, page))
        free_small(pool, block, tag, checkTag);
    else if (test_bit(pool->BigStartBits, page) && va % POOL_PAGE_SIZE == 0)
        free_big(pool, block, tag, checkTag);
    else
        not_a_block(pool, block);
}
