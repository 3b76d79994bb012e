/* malloc/free: a first-fit free list (K&R style) over 64 KB arenas from VirtualAlloc. */
#include <stdlib.h>
#include "windows.h"

#define ARENA_SIZE 0x10000u

typedef struct _BLOCK {
    struct _BLOCK *Next;        /* next free block, in address order */
    size_t Size;                /* bytes including this header */
} BLOCK;

static BLOCK *FreeList;

static void insert_free(BLOCK *b)
{
    BLOCK **link = &FreeList;
    while (*link && *link < b)
        link = &(*link)->Next;
    b->Next = *link;
    *link = b;
    if (b->Next && (char *)b + b->Size == (char *)b->Next) {
        b->Size += b->Next->Size;
        b->Next = b->Next->Next;
    }
    BLOCK *prev = FreeList;
    while (prev && prev->Next != b)
        prev = prev->Next;
    if (prev && (char *)prev + prev->Size == (char *)b) {
        prev->Size += b->Size;
        prev->Next = b->Next;
    }
}

static BOOL grow(size_t need)
{
    size_t size = (need + ARENA_SIZE - 1) & ~(size_t)(ARENA_SIZE - 1);
    BLOCK *b = VirtualAlloc(NULL, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!b)
        return FALSE;
    b->Size = size;
    insert_free(b);
    return TRUE;
}

void *malloc(size_t size)
{
    if (size == 0 || size > 0x10000000u)
        return NULL;
    size_t need = (size + sizeof(BLOCK) + 15) & ~(size_t)15;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (BLOCK **link = &FreeList; *link; link = &(*link)->Next) {
            BLOCK *b = *link;
            if (b->Size < need)
                continue;
            if (b->Size - need >= 2 * sizeof(BLOCK)) {
                BLOCK *rest = (BLOCK *)((char *)b + need);
                rest->Size = b->Size - need;
                rest->Next = b->Next;
                b->Size = need;
                *link = rest;
            } else {
                *link = b->Next;
            }
            return b + 1;
        }
        if (!grow(need))
            return NULL;
    }
    return NULL;
}

void free(void *block)
{
    if (block)
        insert_free((BLOCK *)block - 1);
}

void *calloc(size_t count, size_t size)
{
    if (size && count > 0x10000000u / size)
        return NULL;
    void *p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *realloc(void *block, size_t size)
{
    if (!block)
        return malloc(size);
    size_t old = ((BLOCK *)block - 1)->Size - sizeof(BLOCK);
    void *p = malloc(size);
    if (p) {
        memcpy(p, block, old < size ? old : size);
        free(block);
    }
    return p;
}
