/* Executive support (Ex): the pool allocator with NT-style headers and tags. */
#ifndef EX_H
#define EX_H

#include "ntdef.h"

typedef enum _POOL_TYPE { NonPagedPool = 0, PagedPool = 1 } POOL_TYPE;

/* Four-character pool tags read left to right in poolmon, as NT's 'Proc' literals do. */
#define POOL_TAG(a, b, c, d) ((ULONG)(a) | (ULONG)(b) << 8 | (ULONG)(c) << 16 | (ULONG)(d) << 24)

/* Returns NULL when the pool is exhausted. Zero-byte requests bugcheck BAD_POOL_CALLER (0xC2, 0). */
PVOID ExAllocatePoolWithTag(POOL_TYPE type, size_t bytes, ULONG tag);
/* Frees a block (tag 0: any tag); a corrupt header, a double free, a wrong tag or a non-pool address bugchecks
   BAD_POOL_HEADER (0x19) or BAD_POOL_CALLER (0xC2) with NT's parameters. */
void  ExFreePoolWithTag(PVOID block, ULONG tag);
void  ExFreePool(PVOID block);

typedef struct _POOL_TAG_INFO {
    ULONG Tag;
    ULONG Allocations;
    ULONG Frees;
    ULONG BytesInUse;
} POOL_TAG_INFO;

/* Copies per-tag statistics (poolmon); returns the number of tags in use (may exceed max). */
ULONG ExQueryPoolTags(POOL_TAG_INFO *out, ULONG max);
/* Total bytes of pool in use, for leak tests. */
ULONG ExQueryPoolBytesInUse(void);

void ExInitializePool(void);

/* Reads one line from the console (keyboard and COM1) with echo and backspace editing, sleeping
   between polls; the newline is not stored. Returns the length. Shared by NtReadConsole and the
   boot console. */
ULONG ExReadConsoleLine(char *line, ULONG size);

#endif
