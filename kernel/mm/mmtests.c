/* In-kernel tests of the memory manager: physical pages, the removed identity mapping, address spaces
   with user pages and safe copies, the I/O space in every address space, kernel stacks and guard
   pages. The *_faults tests end in a bugcheck that tests/suites/mm.py checks. */
#include "mm.h"
#include "mi.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"
#include "ktest.h"

#define USER_VA 0x00400000u

KTEST(mm_physical)
{
    MM_STATISTICS before, during, after;
    MmQueryStatistics(&before);
    KT_CHECK(before.TotalPages > 1000 && before.FreePages <= before.TotalPages);
    ULONG page = MmAllocatePhysicalPage();
    MmQueryStatistics(&during);
    KT_CHECK(page >= 0x100000 && page < KSEG0_SIZE && page % PAGE_SIZE == 0);
    KT_CHECK(page >= VIRT_TO_PHYS(KiImageEnd) || page + PAGE_SIZE <= VIRT_TO_PHYS(KiImageBase));
    for (ULONG i = 0; i < KeBootInfo.ModuleCount; i++)
        KT_CHECK(page >= KeBootInfo.Modules[i].End || page + PAGE_SIZE <= KeBootInfo.Modules[i].Start);
    KT_EQ(during.FreePages, before.FreePages - 1);
    ULONG run = MmAllocateContiguousPages(16);
    KT_CHECK(run != 0 && run != page);
    MmFreeContiguousPages(run, 16);
    MmFreePhysicalPage(page);
    MmQueryStatistics(&after);
    KT_EQ(after.FreePages, before.FreePages);
}

static BOOLEAN overlaps(ULONG page, ULONG start, ULONG end)
{
    return page < end && page + PAGE_SIZE > start;
}

/* Every page the allocator can hand out lies outside the first MiB, the kernel image, the boot modules
   (hives, user programs) and the multiboot information; the pages are chained through themselves. */
KTEST(mm_physical_exclusions)
{
    MM_STATISTICS before, after;
    MmQueryStatistics(&before);
    ULONG chain = 0, count = 0, bad = 0;
    for (ULONG page; (page = MmAllocatePhysicalPage()) != 0; count++) {
        BOOLEAN excluded = page < 0x100000 || page >= KSEG0_SIZE ||
                           overlaps(page, VIRT_TO_PHYS(KiImageBase), VIRT_TO_PHYS(KiImageEnd)) ||
                           overlaps(page, KeBootInfo.InfoStart, KeBootInfo.InfoEnd);
        for (ULONG i = 0; i < KeBootInfo.ModuleCount; i++)
            excluded |= overlaps(page, KeBootInfo.Modules[i].Start, KeBootInfo.Modules[i].End);
        bad += excluded;
        *(ULONG *)PHYS_TO_VIRT(page) = chain;
        chain = page;
    }
    for (ULONG next; chain; chain = next) {
        next = *(ULONG *)PHYS_TO_VIRT(chain);
        MmFreePhysicalPage(chain);
    }
    MmQueryStatistics(&after);
    DbgPrint("%u pages handed out, %u modules kept\n", count, KeBootInfo.ModuleCount);
    KT_EQ(bad, 0);
    KT_EQ(count, before.FreePages);
    KT_EQ(after.FreePages, before.FreePages);
}

KTEST(mm_identity_gone)
{
    for (ULONG i = 0; i < MI_KERNEL_PDE_FIRST; i++)
        if (KiBootPageDirectory[i] != 0)
            KtFail(__FILE__, __LINE__, "PDE %u still maps low memory: 0x%x", i, KiBootPageDirectory[i]);
    KT_CHECK(KiBootPageDirectory[MI_KERNEL_PDE_FIRST] & MI_PTE_PRESENT);
    KT_CHECK(!(KiBootPageDirectory[MI_KERNEL_PDE_FIRST] & MI_PTE_USER));
    KT_CHECK(!MmIsUserRangeAccessible((void *)0x100000, 4, FALSE));
}

KTEST(mm_address_space)
{
    MM_STATISTICS before, after;
    MmQueryStatistics(&before);
    ULONG as = MmCreateAddressSpace();
    KT_CHECK(as != 0);
    PVOID alias;
    KT_EQ(MmMapUserPage(as, USER_VA, PAGE_READWRITE, &alias), STATUS_SUCCESS);
    KT_EQ(MmMapUserPage(as, USER_VA + PAGE_SIZE, PAGE_READONLY, NULL), STATUS_SUCCESS);
    KT_EQ(MmMapUserPage(as, USER_VA, PAGE_READWRITE, NULL), STATUS_CONFLICTING_ADDRESSES);
    KT_EQ(MmMapUserPage(as, MM_USER_PROBE_ADDRESS, PAGE_READWRITE, NULL), STATUS_INVALID_PARAMETER);
    KT_EQ(MmMapUserPage(as, USER_VA + 2 * PAGE_SIZE, 0x1234, NULL), STATUS_INVALID_PARAMETER);
    memcpy(alias, "loaded", 7);

    ULONG system = MmCurrentAddressSpace();
    MmSwitchAddressSpace(as);
    KT_EQ(MmCurrentAddressSpace(), as);
    KT_CHECK(memcmp((void *)USER_VA, "loaded", 7) == 0);           /* the loader's alias is the user page */
    char buffer[16] = "";
    KT_EQ(MmCopyToUser((void *)(USER_VA + PAGE_SIZE - 3), "spans", 6), STATUS_ACCESS_VIOLATION);
    KT_EQ(MmCopyToUser((void *)(USER_VA + 100), "hello", 6), STATUS_SUCCESS);
    KT_EQ(MmCopyFromUser(buffer, (void *)(USER_VA + 100), 6), STATUS_SUCCESS);
    KT_CHECK(strcmp(buffer, "hello") == 0);
    KT_EQ(MmCopyFromUser(buffer, (void *)(USER_VA + PAGE_SIZE - 3), 6), STATUS_SUCCESS);  /* read-only: fine */
    KT_EQ(MmCopyFromUser(buffer, (void *)(USER_VA + 2 * PAGE_SIZE - 3), 6), STATUS_ACCESS_VIOLATION);
    KT_EQ(MmCopyFromUser(buffer, (void *)KiImageBase, 4), STATUS_ACCESS_VIOLATION);     /* kernel memory */
    KT_EQ(MmCopyFromUser(buffer, (void *)0xFFFFFFF0u, 32), STATUS_ACCESS_VIOLATION);    /* wraps */
    KT_CHECK(MmIsUserRangeAccessible((void *)USER_VA, 2 * PAGE_SIZE, FALSE));
    KT_CHECK(!MmIsUserRangeAccessible((void *)USER_VA, 2 * PAGE_SIZE, TRUE));
    KT_EQ(MmProtectUserPage(as, USER_VA, PAGE_NOACCESS), STATUS_SUCCESS);
    KT_EQ(MmCopyFromUser(buffer, (void *)USER_VA, 1), STATUS_ACCESS_VIOLATION);
    KT_EQ(MmProtectUserPage(as, USER_VA, PAGE_READWRITE), STATUS_SUCCESS);
    KT_EQ(MmCopyFromUser(buffer, (void *)(USER_VA + 100), 6), STATUS_SUCCESS);          /* contents kept */
    KT_CHECK(strcmp(buffer, "hello") == 0);
    KT_EQ(MmUnmapUserPage(as, USER_VA), STATUS_SUCCESS);
    KT_CHECK(!MmIsUserRangeAccessible((void *)USER_VA, 1, FALSE));

    MmSwitchAddressSpace(system);
    KT_CHECK(!MmIsUserRangeAccessible((void *)(USER_VA + PAGE_SIZE), 1, FALSE));  /* not in this space */
    MmDeleteAddressSpace(as);
    MmQueryStatistics(&after);
    KT_EQ(after.FreePages, before.FreePages);
    KT_EQ(after.PageDirectories, before.PageDirectories);
}

/* A device mapping made while a process's address space is current, or before it existed, is
   visible in every address space. RAM stands in for the device. */
KTEST(mm_io_space_shared)
{
    ULONG early = MmCreateAddressSpace(), late;
    ULONG page = MmAllocatePhysicalPage();
    ULONG system = MmCurrentAddressSpace();
    *(volatile ULONG *)PHYS_TO_VIRT(page) = 0x10C0FFEE;
    MmSwitchAddressSpace(early);
    volatile ULONG *io = MmMapIoSpace(page, PAGE_SIZE);
    KT_CHECK(io != NULL && (ULONG)(ULONG_PTR)io >= MM_IO_SPACE_BASE);
    KT_EQ(*io, 0x10C0FFEE);
    MmSwitchAddressSpace(system);
    KT_EQ(*io, 0x10C0FFEE);
    late = MmCreateAddressSpace();
    MmSwitchAddressSpace(late);
    KT_EQ(*io, 0x10C0FFEE);
    MmSwitchAddressSpace(system);
    MmDeleteAddressSpace(early);
    MmDeleteAddressSpace(late);
    MmFreePhysicalPage(page);
}

KTEST(mm_kernel_stack)
{
    MM_STATISTICS before, after;
    MmQueryStatistics(&before);
    char *top = MmCreateKernelStack(3);
    KT_CHECK(top != NULL && (ULONG)(ULONG_PTR)top > MM_KERNEL_STACK_BASE);
    memset(top - 3 * PAGE_SIZE, 0xAB, 3 * PAGE_SIZE);              /* all three pages are writable */
    KT_CHECK(!MmIsKernelStackGuard((ULONG)(ULONG_PTR)top - 1));
    KT_CHECK(!MmIsKernelStackGuard((ULONG)(ULONG_PTR)top - 3 * PAGE_SIZE));
    KT_CHECK(MmIsKernelStackGuard((ULONG)(ULONG_PTR)top - 3 * PAGE_SIZE - 1));
    char *other = MmCreateKernelStack(MM_KERNEL_STACK_MAX_PAGES);
    KT_CHECK(other != NULL && other != top);
    KT_CHECK(MmCreateKernelStack(MM_KERNEL_STACK_MAX_PAGES + 1) == NULL);
    ULONG space = MmCreateAddressSpace();                           /* stacks are in every address space */
    ULONG system = MmCurrentAddressSpace();
    MmSwitchAddressSpace(space);
    KT_EQ((UCHAR)top[-1], 0xAB);
    MmSwitchAddressSpace(system);
    MmDeleteAddressSpace(space);
    MmDeleteKernelStack(other);
    MmDeleteKernelStack(top);
    KT_CHECK(!MmIsKernelStackGuard((ULONG)(ULONG_PTR)top - 3 * PAGE_SIZE - 1));
    MmQueryStatistics(&after);
    KT_EQ(after.FreePages, before.FreePages);
    KT_EQ(after.KernelStacks, before.KernelStacks);
}

/* Kernel-mode read of a user address with nothing mapped there (the identity map is gone): 0x50. */
KTEST(mm_user_read_faults)
{
    DbgPrint("reading 0x%x\n", *(volatile ULONG *)0x00100000u);
}

/* Touching the guard page under a kernel stack: 0x50 with the guard page's address. */
KTEST(mm_guard_page_faults)
{
    char *top = MmCreateKernelStack(2);
    volatile char *guard = top - 2 * PAGE_SIZE - 4;
    DbgPrint("guard page at 0x%08X\n", (ULONG)(ULONG_PTR)guard);
    *guard = 1;
}
