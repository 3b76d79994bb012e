/*
 * Page directories. The system directory (KiBootPageDirectory) maps the kernel half: 0x80000000 +
 * 512 MiB of RAM with 4 MiB pages, the kernel-stack area through page tables allocated once at boot,
 * and the I/O space with 4 MiB pages. A new address space copies those kernel PDEs, so all of them
 * share the same kernel page tables; only the I/O space gains PDEs later, and MmSwitchAddressSpace
 * copies that range again on every switch (62 entries) so a late MmMapIoSpace reaches every process.
 * User pages come from the physical allocator; their page tables are allocated on demand.
 */
#include "mm.h"
#include "mi.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"

#define USER_PDES        (MI_PDE_INDEX(MM_USER_PROBE_ADDRESS - 1) + 1)
#define IO_PDE_FIRST     MI_PDE_INDEX(MM_IO_SPACE_BASE)
#define IO_PDE_END       MI_PDE_INDEX(MM_IO_SPACE_END)

static ULONG AddressSpaces;

ULONG *MiDirectory(ULONG directory)
{
    return (ULONG *)PHYS_TO_VIRT(directory);
}

ULONG MmSystemAddressSpace(void)
{
    return VIRT_TO_PHYS(KiBootPageDirectory);
}

ULONG MmCurrentAddressSpace(void)
{
    ULONG cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    return MI_FRAME(cr3);
}

ULONG MiAddressSpaceCount(void)
{
    return AddressSpaces;
}

/* GRUB's GDT (and whatever IDT is loaded) may still be addressed through the identity mapping;
   point the CPU at the same tables through the direct map before that mapping goes away. */
static void move_descriptor_tables_high(void)
{
    struct __attribute__((packed)) { USHORT Limit; ULONG Base; } gdtr, idtr;
    __asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
    if (gdtr.Base < KSEG0_BASE) {
        gdtr.Base += KSEG0_BASE;
        __asm__ volatile("lgdt %0" : : "m"(gdtr));
    }
    if (idtr.Base < KSEG0_BASE && idtr.Limit != 0) {
        idtr.Base += KSEG0_BASE;
        __asm__ volatile("lidt %0" : : "m"(idtr));
    }
}

static void remove_identity_mapping(void)
{
    for (ULONG i = 0; i < MI_KERNEL_PDE_FIRST; i++)
        KiBootPageDirectory[i] = 0;
    __asm__ volatile("mov %0, %%cr3" : : "r"(MmSystemAddressSpace()) : "memory");
}

void MmInitSystem(const BOOT_INFO *boot)
{
    MiInitPhysical(boot);
    MiInitKernelStacks();
    move_descriptor_tables_high();
    remove_identity_mapping();
}

ULONG MmCreateAddressSpace(void)
{
    ULONG directory = MiAllocateZeroedPage();
    if (!directory)
        return 0;
    ULONG flags = MiLock();
    memcpy(MiDirectory(directory) + MI_KERNEL_PDE_FIRST, KiBootPageDirectory + MI_KERNEL_PDE_FIRST,
           (1024 - MI_KERNEL_PDE_FIRST) * sizeof(ULONG));
    AddressSpaces++;
    MiUnlock(flags);
    return directory;
}

static void free_user_table(ULONG *table)
{
    for (ULONG i = 0; i < 1024; i++)
        if (table[i] & (MI_PTE_PRESENT | MI_PTE_NOACCESS))
            MmFreePhysicalPage(MI_FRAME(table[i]));
}

void MmDeleteAddressSpace(ULONG directory)
{
    ASSERTMSG(directory != MmSystemAddressSpace(), MEMORY_MANAGEMENT, 0x1000, directory, 0, 0);
    if (MmCurrentAddressSpace() == directory)
        MmSwitchAddressSpace(MmSystemAddressSpace());
    ULONG *pd = MiDirectory(directory);
    for (ULONG i = 0; i < USER_PDES; i++) {
        if (!(pd[i] & MI_PTE_PRESENT))
            continue;
        free_user_table((ULONG *)PHYS_TO_VIRT(MI_FRAME(pd[i])));
        MmFreePhysicalPage(MI_FRAME(pd[i]));
    }
    MmFreePhysicalPage(directory);
    ULONG flags = MiLock();
    AddressSpaces--;
    MiUnlock(flags);
}

void MmSwitchAddressSpace(ULONG directory)
{
    ULONG flags = MiLock();
    if (directory != MmSystemAddressSpace())
        memcpy(MiDirectory(directory) + IO_PDE_FIRST, KiBootPageDirectory + IO_PDE_FIRST,
               (IO_PDE_END - IO_PDE_FIRST) * sizeof(ULONG));
    if (directory != MmCurrentAddressSpace())
        __asm__ volatile("mov %0, %%cr3" : : "r"(directory) : "memory");
    MiUnlock(flags);
}

ULONG *MiPteAddress(ULONG directory, ULONG va)
{
    ULONG pde = MiDirectory(directory)[MI_PDE_INDEX(va)];
    if (!(pde & MI_PTE_PRESENT) || (pde & MI_PDE_LARGE))
        return NULL;
    return (ULONG *)PHYS_TO_VIRT(MI_FRAME(pde)) + MI_PTE_INDEX(va);
}

static BOOLEAN valid_user_page(ULONG va)
{
    return (va & (PAGE_SIZE - 1)) == 0 && va < MM_USER_PROBE_ADDRESS;
}

/* PTE bits for a protection, or MI_NO_PAGE for a value that is not one of the PAGE_* constants. */
static ULONG protection_bits(ULONG protect)
{
    switch (protect) {
    case PAGE_NOACCESS:          return MI_PTE_NOACCESS;
    case PAGE_READONLY:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:      return MI_PTE_PRESENT | MI_PTE_USER;
    case PAGE_READWRITE:
    case PAGE_EXECUTE_READWRITE: return MI_PTE_PRESENT | MI_PTE_USER | MI_PTE_WRITE;
    default:                     return MI_NO_PAGE;
    }
}

static ULONG *user_pte_allocating(ULONG directory, ULONG va)
{
    ULONG *pde = &MiDirectory(directory)[MI_PDE_INDEX(va)];
    if (!(*pde & MI_PTE_PRESENT)) {
        ULONG table = MiAllocateZeroedPage();
        if (!table)
            return NULL;
        *pde = table | MI_PTE_PRESENT | MI_PTE_WRITE | MI_PTE_USER;
    }
    return MiPteAddress(directory, va);
}

static void flush_if_current(ULONG directory, ULONG va)
{
    if (directory == MmCurrentAddressSpace())
        MiInvalidatePage(va);
}

static NTSTATUS map_user_page_locked(ULONG directory, ULONG va, ULONG protect, PVOID *kernelAlias)
{
    ULONG bits = protection_bits(protect);
    if (!valid_user_page(va) || bits == MI_NO_PAGE)
        return STATUS_INVALID_PARAMETER;
    ULONG *pte = user_pte_allocating(directory, va);
    if (!pte)
        return STATUS_INSUFFICIENT_RESOURCES;
    if (*pte & (MI_PTE_PRESENT | MI_PTE_NOACCESS))
        return STATUS_CONFLICTING_ADDRESSES;
    ULONG page = MiAllocateZeroedPage();
    if (!page)
        return STATUS_INSUFFICIENT_RESOURCES;
    *pte = page | bits;
    flush_if_current(directory, va);
    if (kernelAlias)
        *kernelAlias = PHYS_TO_VIRT(page);
    return STATUS_SUCCESS;
}

static ULONG *mapped_user_pte(ULONG directory, ULONG va)
{
    if (!valid_user_page(va))
        return NULL;
    ULONG *pte = MiPteAddress(directory, va);
    return pte && (*pte & (MI_PTE_PRESENT | MI_PTE_NOACCESS)) ? pte : NULL;
}

static NTSTATUS unmap_user_page_locked(ULONG directory, ULONG va)
{
    ULONG *pte = mapped_user_pte(directory, va);
    if (!pte)
        return STATUS_INVALID_PARAMETER;
    ULONG page = MI_FRAME(*pte);
    *pte = 0;
    flush_if_current(directory, va);
    MmFreePhysicalPage(page);
    return STATUS_SUCCESS;
}

static NTSTATUS protect_user_page_locked(ULONG directory, ULONG va, ULONG protect)
{
    ULONG bits = protection_bits(protect);
    ULONG *pte = mapped_user_pte(directory, va);
    if (!pte || bits == MI_NO_PAGE)
        return STATUS_INVALID_PARAMETER;
    *pte = MI_FRAME(*pte) | bits;
    flush_if_current(directory, va);
    return STATUS_SUCCESS;
}

/* Page-table edits run under the memory manager lock: two threads of one process may map at once. */
NTSTATUS MmMapUserPage(ULONG directory, ULONG va, ULONG protect, PVOID *kernelAlias)
{
    ULONG flags = MiLock();
    NTSTATUS status = map_user_page_locked(directory, va, protect, kernelAlias);
    MiUnlock(flags);
    return status;
}

NTSTATUS MmUnmapUserPage(ULONG directory, ULONG va)
{
    ULONG flags = MiLock();
    NTSTATUS status = unmap_user_page_locked(directory, va);
    MiUnlock(flags);
    return status;
}

NTSTATUS MmProtectUserPage(ULONG directory, ULONG va, ULONG protect)
{
    ULONG flags = MiLock();
    NTSTATUS status = protect_user_page_locked(directory, va, protect);
    MiUnlock(flags);
    return status;
}

/* Every mapping exists before it is used (nothing is paged or copied on write), so no fault is ours. */
BOOLEAN MmAccessFault(ULONG address, ULONG errorCode, struct _KTRAP_FRAME *trapFrame)
{
    return FALSE;
}

void MmQueryStatistics(MM_STATISTICS *out)
{
    MiQueryPhysical(&out->TotalPages, &out->FreePages);
    out->PageDirectories = MiAddressSpaceCount();
    out->KernelStacks = MiKernelStackCount();
}
