/* KiIsAddressReadable: walks the live page tables so that the bugcheck code can look at stacks and
   parameters without ever taking a page fault of its own (a fault there would hide the first one). */
#include "bugcheck.h"
#include "hal.h"

#define PTE_PRESENT   0x001u
#define PDE_LARGE     0x080u
#define FRAME(e)      ((e) & ~0xFFFu)

/* Page tables are reached through the direct map of the first 512 MiB; anything else is unreadable here. */
static const ULONG *table_at(ULONG physical)
{
    return physical < KSEG0_SIZE ? (const ULONG *)PHYS_TO_VIRT(physical) : NULL;
}

static BOOLEAN page_present(ULONG_PTR va)
{
    ULONG cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    const ULONG *directory = table_at(FRAME(cr3));
    if (!directory)
        return FALSE;
    ULONG pde = directory[va >> 22];
    if (!(pde & PTE_PRESENT))
        return FALSE;
    if (pde & PDE_LARGE)
        return TRUE;
    const ULONG *table = table_at(FRAME(pde));
    return table && (table[(va >> 12) & 0x3FF] & PTE_PRESENT);
}

BOOLEAN KiIsAddressReadable(ULONG_PTR address, ULONG bytes)
{
    if (bytes == 0 || address + bytes - 1 < address)
        return FALSE;
    ULONG_PTR last = address + bytes - 1;
    for (ULONG_PTR page = address & ~0xFFFu;; page += 0x1000) {
        if (!page_present(page))
            return FALSE;
        if (last - page < 0x1000)
            return TRUE;
    }
}
