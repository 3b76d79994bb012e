/*
 * The global descriptor table and the task state segments. One TSS serves every thread: its esp0 is
 * where the CPU switches to on a trap from ring 3 (KiSetKernelStack, per thread). A second TSS is the
 * double-fault task: the IDT's vector 8 is a task gate to it, so a double fault (typically a kernel
 * stack overflow, where the CPU cannot push the page fault's frame) runs on a stack of its own and can
 * still report UNEXPECTED_KERNEL_MODE_TRAP (8, 0, 0, 0) instead of triple-faulting.
 */
#include "ke.h"
#include "hal.h"
#include "rtl.h"

typedef struct _KTSS {
    USHORT Backlink, Reserved0;
    ULONG Esp0;
    USHORT Ss0, Reserved1;
    ULONG Esp1;
    USHORT Ss1, Reserved2;
    ULONG Esp2;
    USHORT Ss2, Reserved3;
    ULONG Cr3, Eip, EFlags, Eax, Ecx, Edx, Ebx, Esp, Ebp, Esi, Edi;
    USHORT Es, Reserved4, Cs, Reserved5, Ss, Reserved6, Ds, Reserved7, Fs, Reserved8, Gs, Reserved9;
    USHORT Ldt, Reserved10, Flags, IoMapBase;
} __attribute__((packed)) KTSS;

#define GDT_ENTRIES        11
#define DF_STACK_SIZE      16384

/* access byte: present, DPL, code/data or system type */
#define ACC_CODE(dpl)      (0x9A | ((dpl) << 5))
#define ACC_DATA(dpl)      (0x92 | ((dpl) << 5))
#define ACC_TSS            0x89
#define FLAGS_4K_32BIT     0xC
#define FLAGS_BYTE         0x0

static ULONGLONG Gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static KTSS KiTss, KiDoubleFaultTss;
static UCHAR DoubleFaultStack[DF_STACK_SIZE] __attribute__((aligned(16)));
static KTRAP_FRAME DoubleFaultFrame;

void KiTrap08Task(void);    /* trap.S: the double-fault task's first instruction */

static ULONGLONG descriptor(ULONG base, ULONG limit, UCHAR access, UCHAR flags)
{
    return (ULONGLONG)(limit & 0xFFFF) | (ULONGLONG)(base & 0xFFFFFF) << 16 | (ULONGLONG)access << 40 |
           (ULONGLONG)((limit >> 16) & 0xF) << 48 | (ULONGLONG)flags << 52 | (ULONGLONG)(base >> 24) << 56;
}

static void set_entry(ULONG selector, ULONGLONG value)
{
    Gdt[selector >> 3] = value;
}

static void load_gdt(void)
{
    struct { USHORT Limit; ULONG Base; } __attribute__((packed)) gdtr = { sizeof Gdt - 1, (ULONG)(ULONG_PTR)Gdt };
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp %1, $1f\n"
                     "1:\tmov %2, %%ds\n\t"
                     "mov %2, %%es\n\t"
                     "mov %2, %%ss\n\t"
                     "mov %2, %%fs\n\t"
                     "mov %2, %%gs"
                     : : "m"(gdtr), "i"(KGDT_R0_CODE), "r"(KGDT_R0_DATA) : "memory");
    __asm__ volatile("ltr %w0" : : "r"(KGDT_TSS));
}

static void init_double_fault_tss(void)
{
    ULONG cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    KiDoubleFaultTss.Cr3 = cr3;
    KiDoubleFaultTss.Eip = (ULONG)(ULONG_PTR)KiTrap08Task;
    KiDoubleFaultTss.EFlags = 0x2;                        /* interrupts off */
    KiDoubleFaultTss.Esp = KiDoubleFaultTss.Esp0 = (ULONG)(ULONG_PTR)(DoubleFaultStack + DF_STACK_SIZE);
    KiDoubleFaultTss.Ss = KiDoubleFaultTss.Ss0 = KGDT_R0_DATA;
    KiDoubleFaultTss.Cs = KGDT_R0_CODE;
    KiDoubleFaultTss.Ds = KiDoubleFaultTss.Es = KiDoubleFaultTss.Fs = KiDoubleFaultTss.Gs = KGDT_R0_DATA;
    KiDoubleFaultTss.IoMapBase = sizeof(KTSS);
}

void KiInitializeGdt(void)
{
    set_entry(KGDT_R0_CODE, descriptor(0, 0xFFFFF, ACC_CODE(0), FLAGS_4K_32BIT));
    set_entry(KGDT_R0_DATA, descriptor(0, 0xFFFFF, ACC_DATA(0), FLAGS_4K_32BIT));
    set_entry(KGDT_R3_CODE & ~3, descriptor(0, 0xFFFFF, ACC_CODE(3), FLAGS_4K_32BIT));
    set_entry(KGDT_R3_DATA & ~3, descriptor(0, 0xFFFFF, ACC_DATA(3), FLAGS_4K_32BIT));
    set_entry(KGDT_R3_TEB & ~3, descriptor(0, 0xFFF, ACC_DATA(3), FLAGS_BYTE));
    KiTss.Ss0 = KGDT_R0_DATA;
    KiTss.IoMapBase = sizeof(KTSS);                       /* no I/O bitmap: ring 3 has no port access */
    set_entry(KGDT_TSS, descriptor((ULONG)(ULONG_PTR)&KiTss, sizeof(KTSS) - 1, ACC_TSS, FLAGS_BYTE));
    init_double_fault_tss();
    set_entry(KGDT_DF_TSS, descriptor((ULONG)(ULONG_PTR)&KiDoubleFaultTss, sizeof(KTSS) - 1, ACC_TSS, FLAGS_BYTE));
    load_gdt();
}

void KiSetKernelStack(ULONG Esp0)
{
    KiTss.Esp0 = Esp0;
}

void KeSetTebSelectorBase(ULONG Base)
{
    set_entry(KGDT_R3_TEB & ~3, descriptor(Base, 0xFFF, ACC_DATA(3), FLAGS_BYTE));
}

/* Runs as the double-fault task. The interrupted state was saved in KiTss by the task switch. */
__attribute__((noreturn)) void KiDoubleFault(ULONG ErrorCode)
{
    KTRAP_FRAME *tf = &DoubleFaultFrame;
    tf->Eax = KiTss.Eax; tf->Ebx = KiTss.Ebx; tf->Ecx = KiTss.Ecx; tf->Edx = KiTss.Edx;
    tf->Esi = KiTss.Esi; tf->Edi = KiTss.Edi; tf->Ebp = KiTss.Ebp; tf->TempEsp = KiTss.Esp;
    tf->HardwareEsp = KiTss.Esp; tf->HardwareSegSs = KiTss.Ss;
    tf->Eip = KiTss.Eip; tf->SegCs = KiTss.Cs; tf->EFlags = KiTss.EFlags;
    tf->SegDs = KiTss.Ds; tf->SegEs = KiTss.Es; tf->SegFs = KiTss.Fs; tf->SegGs = KiTss.Gs;
    tf->TrapNumber = 8;
    tf->ErrCode = ErrorCode;
    KiBugCheckTrapFrame = tf;
    KiCurrentIrql = HIGH_LEVEL;
    KeBugCheckEx(UNEXPECTED_KERNEL_MODE_TRAP, 8, 0, 0, 0);
}
