/* Memory manager: physical pages, the 2 GB / 2 GB address space, per-process page directories,
   kernel stacks with guard pages, safe access to user memory, kernel mappings of device memory. */
#ifndef MM_H
#define MM_H

#include "ntdef.h"
#include "bootinfo.h"

#define PAGE_SIZE              4096u
#define PAGE_SHIFT             12
#define MM_HIGHEST_USER_ADDRESS 0x7FFEFFFFu
#define MM_USER_PROBE_ADDRESS   0x7FFF0000u
#define MM_SYSTEM_RANGE_START   0x80000000u
#define MM_KERNEL_STACK_BASE    0xE0000000u   /* kernel stacks: 4 KiB pages, page tables shared by all */
#define MM_KERNEL_STACK_END     0xE4000000u
#define MM_KERNEL_STACK_MAX_PAGES 15u         /* each stack sits in a 64 KiB slot above its guard page */
#define MM_IO_SPACE_BASE        0xF0000000u   /* device memory (framebuffer...) mapped with 4 MiB pages */
#define MM_IO_SPACE_END         0xFF800000u

/* The system page directory (built in boot/entry.S): its kernel half is every address space's. */
extern ULONG KiBootPageDirectory[1024];

/* Start-up: the physical page allocator, the kernel-stack page tables, and removal of the boot
   identity mapping of low memory (after which user space is empty in every address space). */
void MmInitSystem(const BOOT_INFO *boot);

/* Physical pages (all below 512 MiB, so always reachable through PHYS_TO_VIRT). 0 = none left. */
ULONG MmAllocatePhysicalPage(void);
ULONG MmAllocateContiguousPages(ULONG count);
void  MmFreePhysicalPage(ULONG physical);
void  MmFreeContiguousPages(ULONG physical, ULONG count);

/* Counters for tlist / poolmon / leak tests. */
typedef struct _MM_STATISTICS {
    ULONG TotalPages;          /* usable RAM pages at boot (after the kernel, modules and boot data) */
    ULONG FreePages;
    ULONG PageDirectories;     /* address spaces besides the system one */
    ULONG KernelStacks;
} MM_STATISTICS;
void MmQueryStatistics(MM_STATISTICS *out);

/* Address spaces, named by the physical address of their page directory (what CR3 holds).
   Thread switches must use MmSwitchAddressSpace: it also brings the I/O-space PDEs up to date. */
ULONG MmSystemAddressSpace(void);
ULONG MmCreateAddressSpace(void);                    /* 0 when out of memory */
void  MmDeleteAddressSpace(ULONG directory);         /* frees its user pages and page tables */
void  MmSwitchAddressSpace(ULONG directory);
ULONG MmCurrentAddressSpace(void);

/* User pages: MmMapUserPage gives `va` (page-aligned, below MM_USER_PROBE_ADDRESS) a fresh zeroed
   page with protection `protect` (PAGE_*); *kernelAlias (optional) receives its kernel address, so a
   loader can fill pages of an address space that is not the current one. */
NTSTATUS MmMapUserPage(ULONG directory, ULONG va, ULONG protect, PVOID *kernelAlias);
NTSTATUS MmUnmapUserPage(ULONG directory, ULONG va);
NTSTATUS MmProtectUserPage(ULONG directory, ULONG va, ULONG protect);

/* Probing for system services, against the current address space. MmIsUserRangeAccessible is a
   snapshot; MmCopyFromUser/MmCopyToUser check and copy each page with interrupts disabled, so no
   other thread can unmap it in between: they return STATUS_ACCESS_VIOLATION instead of faulting. */
BOOLEAN  MmIsUserRangeAccessible(const void *va, size_t length, BOOLEAN write);
NTSTATUS MmCopyFromUser(void *dst, const void *userSrc, size_t length);
NTSTATUS MmCopyToUser(void *userDst, const void *src, size_t length);

/* Kernel stacks: `pages` (1..MM_KERNEL_STACK_MAX_PAGES) mapped below the returned top address, with
   an unmapped guard page under them, so an overflow faults instead of overwriting memory. */
PVOID MmCreateKernelStack(ULONG pages);
void  MmDeleteKernelStack(PVOID stackTop);
BOOLEAN MmIsKernelStackGuard(ULONG va);              /* va is in the unmapped part of a stack slot */

/* The page-fault hook (called first by the trap layer). TRUE = resolved, retry the instruction.
   Nothing in servpack is demand-paged, so every fault is returned as unresolved (FALSE): the trap
   layer bugchecks 0x50/0xA in kernel mode or ends the process in user mode. */
struct _KTRAP_FRAME;
BOOLEAN MmAccessFault(ULONG address, ULONG errorCode, struct _KTRAP_FRAME *trapFrame);

/* Maps `size` bytes of device memory at physical `phys` into the kernel's I/O space;
   returns the virtual address, or NULL when the I/O space is full. */
void *MmMapIoSpace(ULONG phys, ULONG size);

#endif
