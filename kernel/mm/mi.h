/* Memory manager internals shared by the files of kernel/mm: the page bitmap, x86 page-table bits,
   and the interrupt lock that serializes the memory manager on one processor. */
#ifndef MI_H
#define MI_H

#include "ntdef.h"
#include "bootinfo.h"

/* A bitmap of page frames (or of any equal-sized slots): bit set = in use. The hint is the word
   where the last free bit was found, so allocation does not rescan the full words below it. */
typedef struct _MI_PAGE_BITMAP {
    ULONG *Bits;
    ULONG PageCount;
    ULONG FreePages;
    ULONG Hint;
} MI_PAGE_BITMAP;

#define MI_NO_PAGE 0xFFFFFFFFu

void    MiBitmapInitialize(MI_PAGE_BITMAP *map, ULONG *bits, ULONG pageCount);   /* all in use */
void    MiBitmapRelease(MI_PAGE_BITMAP *map, ULONG first, ULONG count);          /* mark free */
void    MiBitmapReserve(MI_PAGE_BITMAP *map, ULONG first, ULONG count);          /* mark in use */
BOOLEAN MiBitmapIsFree(const MI_PAGE_BITMAP *map, ULONG page);
ULONG   MiBitmapAllocate(MI_PAGE_BITMAP *map);                 /* a free page, or MI_NO_PAGE */
ULONG   MiBitmapAllocateRun(MI_PAGE_BITMAP *map, ULONG count); /* `count` adjacent free pages */

/* MEMORY_MANAGEMENT and PFN_LIST_CORRUPT (bugcodes.h): P1 = 0x99 "a PFN is corrupt"; 0x1000+ are
   servpack's own subtypes. */

/* x86 (non-PAE) page-table entry bits. */
#define MI_PTE_PRESENT   0x001u
#define MI_PTE_WRITE     0x002u
#define MI_PTE_USER      0x004u
#define MI_PDE_LARGE     0x080u
#define MI_PTE_NOACCESS  0x200u      /* software bit: a PAGE_NOACCESS page, not present but still owned */
#define MI_FRAME(e)      ((e) & ~0xFFFu)
#define MI_PDE_INDEX(va) ((va) >> 22)
#define MI_PTE_INDEX(va) (((va) >> 12) & 0x3FFu)
#define MI_KERNEL_PDE_FIRST 512u     /* PDE of 0x80000000 */

ULONG *MiDirectory(ULONG directory);                    /* the kernel view of a page directory */
ULONG *MiPteAddress(ULONG directory, ULONG va);         /* NULL when va has no page table */
void   MiInitPhysical(const BOOT_INFO *boot);
void   MiInitKernelStacks(void);
ULONG  MiAllocateZeroedPage(void);                      /* physical, 0 when none */
void   MiQueryPhysical(ULONG *total, ULONG *free);
ULONG  MiKernelStackCount(void);
ULONG  MiAddressSpaceCount(void);

/* Uniprocessor serialization: the memory manager's critical sections are short and may be entered
   from interrupt handlers (DPCs free pool), so they run with interrupts disabled. */
static inline ULONG MiLock(void)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    return flags;
}
static inline void MiUnlock(ULONG flags)
{
    if (flags & 0x200u)
        __asm__ volatile("sti" : : : "memory");
}

static inline void MiInvalidatePage(ULONG va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#endif
