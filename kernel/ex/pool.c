/* The kernel's pool: one descriptor over the direct-mapped RAM (paged and nonpaged requests are both
   served from resident memory), pages from the physical allocator, interrupts disabled around each
   call (pool may be used from DPCs and interrupt handlers on this single processor). */
#include "poolp.h"
#include "mm.h"
#include "hal.h"
#include "ke.h"

#define DIRECT_PAGES (KSEG0_SIZE / PAGE_SIZE)

static POOL_DESCRIPTOR NonPagedPoolDescriptor;
static ULONG SmallPageBits[DIRECT_PAGES / 32], BigStartBits[DIRECT_PAGES / 32];

void ExpPoolBugCheck(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4)
{
    KeBugCheckEx(code, p1, p2, p3, p4);
}

static PVOID allocate_pages(ULONG count)
{
    ULONG physical = MmAllocateContiguousPages(count);
    return physical ? PHYS_TO_VIRT(physical) : NULL;
}

static void free_pages(PVOID va, ULONG count)
{
    MmFreeContiguousPages(VIRT_TO_PHYS(va), count);
}

static ULONG lock_pool(void)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    return flags;
}

static void unlock_pool(ULONG flags)
{
    if (flags & 0x200u)
        __asm__ volatile("sti" : : : "memory");
}

void ExInitializePool(void)
{
    ExpInitializePoolDescriptor(&NonPagedPoolDescriptor, KSEG0_BASE, DIRECT_PAGES, SmallPageBits,
                                BigStartBits, allocate_pages, free_pages);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE type, size_t bytes, ULONG tag)
{
    ULONG flags = lock_pool();
    PVOID block = ExpAllocatePool(&NonPagedPoolDescriptor, type, bytes, tag);
    unlock_pool(flags);
    return block;
}

void ExFreePoolWithTag(PVOID block, ULONG tag)
{
    ULONG flags = lock_pool();
    ExpFreePool(&NonPagedPoolDescriptor, block, tag, tag != 0);
    unlock_pool(flags);
}

void ExFreePool(PVOID block)
{
    ULONG flags = lock_pool();
    ExpFreePool(&NonPagedPoolDescriptor, block, 0, FALSE);
    unlock_pool(flags);
}

ULONG ExQueryPoolTags(POOL_TAG_INFO *out, ULONG max)
{
    ULONG flags = lock_pool();
    ULONG n = ExpQueryPoolTags(&NonPagedPoolDescriptor, out, max);
    unlock_pool(flags);
    return n;
}

ULONG ExQueryPoolBytesInUse(void)
{
    return NonPagedPoolDescriptor.BytesInUse;
}
