/* The page bitmap behind the physical page allocator and the kernel-stack slots: one bit per page,
   set = in use, with a hint so that allocation is O(1) in the common case. Pure logic (host-tested). */
#include "mi.h"

#define WORD_BITS 32u

static BOOLEAN bit_is_set(const MI_PAGE_BITMAP *map, ULONG page)
{
    return (map->Bits[page / WORD_BITS] >> (page % WORD_BITS)) & 1u;
}

void MiBitmapInitialize(MI_PAGE_BITMAP *map, ULONG *bits, ULONG pageCount)
{
    ULONG words = (pageCount + WORD_BITS - 1) / WORD_BITS;
    for (ULONG i = 0; i < words; i++)
        bits[i] = 0xFFFFFFFFu;
    map->Bits = bits;
    map->PageCount = pageCount;
    map->FreePages = 0;
    map->Hint = 0;
}

void MiBitmapRelease(MI_PAGE_BITMAP *map, ULONG first, ULONG count)
{
    for (ULONG page = first; page < first + count && page < map->PageCount; page++) {
        if (!bit_is_set(map, page))
            continue;
        map->Bits[page / WORD_BITS] &= ~(1u << (page % WORD_BITS));
        map->FreePages++;
        if (page / WORD_BITS < map->Hint)
            map->Hint = page / WORD_BITS;
    }
}

void MiBitmapReserve(MI_PAGE_BITMAP *map, ULONG first, ULONG count)
{
    for (ULONG page = first; page < first + count && page < map->PageCount; page++) {
        if (bit_is_set(map, page))
            continue;
        map->Bits[page / WORD_BITS] |= 1u << (page % WORD_BITS);
        map->FreePages--;
    }
}

BOOLEAN MiBitmapIsFree(const MI_PAGE_BITMAP *map, ULONG page)
{
    return page < map->PageCount && !bit_is_set(map, page);
}

ULONG MiBitmapAllocate(MI_PAGE_BITMAP *map)
{
    ULONG words = (map->PageCount + WORD_BITS - 1) / WORD_BITS;
    if (map->FreePages == 0)
        return MI_NO_PAGE;
    for (ULONG i = 0; i < words; i++) {
        ULONG w = (map->Hint + i) % words;
        ULONG inverted = ~map->Bits[w];
        if (!inverted)
            continue;
        ULONG page = w * WORD_BITS + (ULONG)__builtin_ctz(inverted);
        if (page >= map->PageCount)
            continue;
        map->Hint = w;
        MiBitmapReserve(map, page, 1);
        return page;
    }
    return MI_NO_PAGE;
}

ULONG MiBitmapAllocateRun(MI_PAGE_BITMAP *map, ULONG count)
{
    if (count == 0 || count > map->FreePages)
        return MI_NO_PAGE;
    ULONG run = 0;
    for (ULONG page = 0; page < map->PageCount; page++) {
        if (page % WORD_BITS == 0 && map->Bits[page / WORD_BITS] == 0xFFFFFFFFu) {
            run = 0;
            page += WORD_BITS - 1;
            continue;
        }
        run = bit_is_set(map, page) ? 0 : run + 1;
        if (run == count) {
            MiBitmapReserve(map, page + 1 - count, count);
            return page + 1 - count;
        }
    }
    return MI_NO_PAGE;
}
