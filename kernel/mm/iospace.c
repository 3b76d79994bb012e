/* Kernel mappings of device memory (the framebuffer, later PCI BARs) in the I/O space at the top of the
   kernel half. 4 MiB pages in the system page directory, also written into the current one; other
   address spaces receive them from MmSwitchAddressSpace (paging.c). */
#include "mm.h"
#include "mi.h"
#include "hal.h"

#define LARGE_PAGE   0x400000u
#define PDE_IO_LARGE 0x83u            /* present, writable, 4 MiB, supervisor */

static ULONG NextIoAddress = MM_IO_SPACE_BASE;

void *MmMapIoSpace(ULONG phys, ULONG size)
{
    ULONG base = phys & ~(LARGE_PAGE - 1);
    ULONG span = (phys - base + size + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);
    ULONG flags = MiLock();
    if (size == 0 || span > MM_IO_SPACE_END - NextIoAddress) {
        MiUnlock(flags);
        return NULL;
    }
    ULONG va = NextIoAddress;
    for (ULONG off = 0; off < span; off += LARGE_PAGE) {
        KiBootPageDirectory[(va + off) >> 22] = (base + off) | PDE_IO_LARGE;
        MiDirectory(MmCurrentAddressSpace())[(va + off) >> 22] = (base + off) | PDE_IO_LARGE;
        MiInvalidatePage(va + off);
    }
    NextIoAddress += span;
    MiUnlock(flags);
    return (void *)(va + (phys - base));
}
