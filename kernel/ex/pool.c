/* The kernel's pool: one descriptor over the direct-mapped RAM (paged and nonpaged requests are both
   served from resident memory, so the paged-pool limit of APC_LEVEL is not enforced; above
   DISPATCH_LEVEL any pool call is BAD_POOL_CALLER 8/9 as in NT), pages from the physical allocator,
   interrupts disabled around each call (DPCs allocate and free; one processor). */
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
    if (KeGetCurrentIrql() > DISPATCH_LEVEL)
        KeBugCheckEx(BAD_POOL_CALLER, 0x08, KeGetCurrentIrql(), type, bytes);
    ULONG flags = lock_pool();
    PVOID block = ExpAllocatePool(&NonPagedPoolDescriptor, type, bytes, tag);
    unlock_pool(flags);
    return block;
}

static void check_free_irql(PVOID block)
{
    if (KeGetCurrentIrql() > DISPATCH_LEVEL)
        KeBugCheckEx(BAD_POOL_CALLER, 0x09, KeGetCurrentIrql(), NonPagedPool, (ULONG_PTR)block);
}

void ExFreePoolWithTag(PVOID block, ULONG tag)
{
    check_free_irql(block);
    ULONG flags = lock_pool();
    ExpFreePool(&NonPagedPoolDescriptor, block, tag, tag != 0);
    unlock_pool(flags);
}

void ExFreePool(PVOID block)
{
    check_free_irql(block);
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
