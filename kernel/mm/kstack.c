/* Kernel stacks in their own area (MM_KERNEL_STACK_BASE..END), 4 KiB pages whose page tables are
   allocated at boot and shared by every address space. Each stack owns a 64 KiB slot and is mapped
   at the top of it; the pages below, starting with the one right under the stack, stay unmapped,
   so running off the end of a stack faults (and, with nowhere to push the fault, double-faults). */
#include "mm.h"
#include "mi.h"
#include "hal.h"
#include "ke.h"

#define SLOT_SIZE   ((MM_KERNEL_STACK_MAX_PAGES + 1) * PAGE_SIZE)
#define SLOT_COUNT  ((MM_KERNEL_STACK_END - MM_KERNEL_STACK_BASE) / SLOT_SIZE)
#define AREA_PDES   ((MM_KERNEL_STACK_END - MM_KERNEL_STACK_BASE) >> 22)

static ULONG SlotBits[SLOT_COUNT / 32];
static MI_PAGE_BITMAP Slots;

void MiInitKernelStacks(void)
{
    for (ULONG i = 0; i < AREA_PDES; i++) {
        ULONG table = MiAllocateZeroedPage();
        ASSERTMSG(table != 0, MEMORY_MANAGEMENT, 0x2000, i, 0, 0);
        KiBootPageDirectory[MI_PDE_INDEX(MM_KERNEL_STACK_BASE) + i] = table | MI_PTE_PRESENT | MI_PTE_WRITE;
    }
    MiBitmapInitialize(&Slots, SlotBits, SLOT_COUNT);
    MiBitmapRelease(&Slots, 0, SLOT_COUNT);
}

ULONG MiKernelStackCount(void)
{
    return SLOT_COUNT - Slots.FreePages;
}

static ULONG *stack_pte(ULONG va)
{
    return MiPteAddress(MmSystemAddressSpace(), va);
}

static void unmap_slot(ULONG slotBase)
{
    for (ULONG va = slotBase; va < slotBase + SLOT_SIZE; va += PAGE_SIZE) {
        ULONG *pte = stack_pte(va);
        if (*pte & MI_PTE_PRESENT) {
            MmFreePhysicalPage(MI_FRAME(*pte));
            *pte = 0;
            MiInvalidatePage(va);
        }
    }
}

PVOID MmCreateKernelStack(ULONG pages)
{
    if (pages == 0 || pages > MM_KERNEL_STACK_MAX_PAGES)
        return NULL;
    ULONG flags = MiLock();
    ULONG slot = MiBitmapAllocate(&Slots);
    MiUnlock(flags);
    if (slot == MI_NO_PAGE)
        return NULL;
    ULONG top = MM_KERNEL_STACK_BASE + (slot + 1) * SLOT_SIZE;
    for (ULONG va = top - pages * PAGE_SIZE; va < top; va += PAGE_SIZE) {
        ULONG page = MiAllocateZeroedPage();
        if (!page) {
            MmDeleteKernelStack((PVOID)top);
            return NULL;
        }
        *stack_pte(va) = page | MI_PTE_PRESENT | MI_PTE_WRITE;
    }
    return (PVOID)top;
}

/* Deleting something that is not a live stack top is a memory-manager invariant broken: 0x1A. */
void MmDeleteKernelStack(PVOID stackTop)
{
    ULONG top = (ULONG)(ULONG_PTR)stackTop;
    ULONG slot = (top - MM_KERNEL_STACK_BASE) / SLOT_SIZE - 1;
    if (top <= MM_KERNEL_STACK_BASE || top > MM_KERNEL_STACK_END ||
        (top - MM_KERNEL_STACK_BASE) % SLOT_SIZE || MiBitmapIsFree(&Slots, slot))
        KeBugCheckEx(MEMORY_MANAGEMENT, 0x3000, top, 0, 0);
    unmap_slot(top - SLOT_SIZE);
    ULONG flags = MiLock();
    MiBitmapRelease(&Slots, slot, 1);
    MiUnlock(flags);
}

BOOLEAN MmIsKernelStackGuard(ULONG va)
{
    if (va < MM_KERNEL_STACK_BASE || va >= MM_KERNEL_STACK_END)
        return FALSE;
    ULONG slot = (va - MM_KERNEL_STACK_BASE) / SLOT_SIZE;
    return !MiBitmapIsFree(&Slots, slot) && !(*stack_pte(va) & MI_PTE_PRESENT);
}
