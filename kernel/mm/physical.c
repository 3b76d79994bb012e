/* The physical page allocator: a bitmap of the RAM below 512 MiB (the direct-mapped part) built from
   the multiboot2 memory map, minus the first MiB, the kernel image, the boot modules (hives, the user
   programs) and the multiboot information block. */
#include "mm.h"
#include "mi.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"

#define PAGES_DIRECT   (KSEG0_SIZE / PAGE_SIZE)
#define FIRST_USABLE   0x100000u

static ULONG PfnBits[PAGES_DIRECT / 32];
static MI_PAGE_BITMAP PfnMap;
static ULONG TotalPages;

static ULONG page_down(ULONGLONG a) { return (ULONG)(a >> PAGE_SHIFT); }
static ULONG page_up(ULONGLONG a)   { return (ULONG)((a + PAGE_SIZE - 1) >> PAGE_SHIFT); }

static void clip(ULONGLONG *start, ULONGLONG *end)
{
    if (*end > KSEG0_SIZE)
        *end = KSEG0_SIZE;
    if (*start > *end)
        *start = *end;
}

/* Frees the whole pages inside [start, end). */
static void release_inside(ULONGLONG start, ULONGLONG end)
{
    clip(&start, &end);
    if (page_up(start) < page_down(end))
        MiBitmapRelease(&PfnMap, page_up(start), page_down(end) - page_up(start));
}

/* Reserves every page that [start, end) touches. */
static void reserve_touching(ULONGLONG start, ULONGLONG end)
{
    clip(&start, &end);
    if (page_down(start) < page_up(end))
        MiBitmapReserve(&PfnMap, page_down(start), page_up(end) - page_down(start));
}

void MiInitPhysical(const BOOT_INFO *boot)
{
    MiBitmapInitialize(&PfnMap, PfnBits, PAGES_DIRECT);
    for (ULONG i = 0; i < boot->MemoryRangeCount; i++) {
        const BOOT_MEMORY_RANGE *r = &boot->MemoryRanges[i];
        if (r->Type == BOOT_RANGE_AVAILABLE)
            release_inside(r->Base, r->Base + r->Length);
    }
    for (ULONG i = 0; i < boot->MemoryRangeCount; i++) {
        const BOOT_MEMORY_RANGE *r = &boot->MemoryRanges[i];
        if (r->Type != BOOT_RANGE_AVAILABLE)
            reserve_touching(r->Base, r->Base + r->Length);
    }
    reserve_touching(0, FIRST_USABLE);
    reserve_touching(VIRT_TO_PHYS(KiImageBase), VIRT_TO_PHYS(KiImageEnd));
    reserve_touching(boot->InfoStart, boot->InfoEnd);
    for (ULONG i = 0; i < boot->ModuleCount; i++)
        reserve_touching(boot->Modules[i].Start, boot->Modules[i].End);
    TotalPages = PfnMap.FreePages;
}

ULONG MmAllocatePhysicalPage(void)
{
    ULONG flags = MiLock();
    ULONG page = MiBitmapAllocate(&PfnMap);
    MiUnlock(flags);
    return page == MI_NO_PAGE ? 0 : page << PAGE_SHIFT;
}

ULONG MmAllocateContiguousPages(ULONG count)
{
    if (count == 1)
        return MmAllocatePhysicalPage();      /* the hint makes this O(1) */
    ULONG flags = MiLock();
    ULONG page = MiBitmapAllocateRun(&PfnMap, count);
    MiUnlock(flags);
    return page == MI_NO_PAGE ? 0 : page << PAGE_SHIFT;
}

/* Freeing a page that is already free means two owners believed they held it: PFN_LIST_CORRUPT. */
void MmFreeContiguousPages(ULONG physical, ULONG count)
{
    ULONG first = physical >> PAGE_SHIFT;
    ULONG flags = MiLock();
    for (ULONG page = first; page < first + count; page++) {
        if ((physical & (PAGE_SIZE - 1)) || page >= PAGES_DIRECT || page < FIRST_USABLE / PAGE_SIZE ||
            MiBitmapIsFree(&PfnMap, page))
            KeBugCheckEx(PFN_LIST_CORRUPT, 0x99, page, physical, count);
    }
    MiBitmapRelease(&PfnMap, first, count);
    MiUnlock(flags);
}

void MmFreePhysicalPage(ULONG physical)
{
    MmFreeContiguousPages(physical, 1);
}

ULONG MiAllocateZeroedPage(void)
{
    ULONG physical = MmAllocatePhysicalPage();
    if (physical)
        memset(PHYS_TO_VIRT(physical), 0, PAGE_SIZE);
    return physical;
}

void MiQueryPhysical(ULONG *total, ULONG *free)
{
    *total = TotalPages;
    *free = PfnMap.FreePages;
}
