/* Kernel core (Ke/Ki): start-up, IRQL, bugchecks, and what the rest of the kernel needs of them. */
#ifndef KE_H
#define KE_H

#include "ntdef.h"
#include "bugcodes.h"
#include "bootinfo.h"

typedef UCHAR KIRQL;
#define PASSIVE_LEVEL  0
#define APC_LEVEL      1
#define DISPATCH_LEVEL 2
#define PROFILE_LEVEL  27
#define CLOCK_LEVEL    28
#define IPI_LEVEL      29
#define POWER_LEVEL    30
#define HIGH_LEVEL     31

/* What a bugcheck does after drawing its screen (kernel option onstop=). */
typedef enum { ONSTOP_HALT, ONSTOP_EXIT, ONSTOP_REBOOT } KE_ONSTOP;
extern KE_ONSTOP KeOnStop;

/* QEMU exit statuses the kernel produces through isa-debug-exit ((code << 1) | 1), for the harness. */
#define QEMU_EXIT_BUGCHECK   0x2A       /* QEMU status 85: a bugcheck with onstop=exit */

/* The build number shown by `ver` and in SYSVER on the STOP screen (NT 4.0 was 1381). */
#define SERVPACK_BUILD 1381

__attribute__((noreturn)) void KeBugCheckEx(ULONG code, ULONG_PTR p1, ULONG_PTR p2, ULONG_PTR p3, ULONG_PTR p4);
__attribute__((noreturn)) void KeBugCheck(ULONG code);

/* Loud invariant checks: a broken invariant is a bugcheck with a precise code, never a silent hang. */
#define ASSERTMSG(cond, code, p1, p2, p3, p4) \
    do { if (!(cond)) KeBugCheckEx((code), (ULONG_PTR)(p1), (ULONG_PTR)(p2), (ULONG_PTR)(p3), (ULONG_PTR)(p4)); } while (0)

extern char KiImageBase[], KiImageEnd[], KiTextEnd[];

/* ---- Traps, interrupts, IRQL, DPCs, spin locks, clock (kernel/ke/{gdt,idt,trap,irql,dpc,...}, hal/{pic,pit}) ---- */

/* GDT selectors, as in NT. 0x30 (PCR) and 0x40/0x48 are reserved slots. */
#define KGDT_R0_CODE  0x08
#define KGDT_R0_DATA  0x10
#define KGDT_R3_CODE  0x1B
#define KGDT_R3_DATA  0x23
#define KGDT_TSS      0x28
#define KGDT_R3_TEB   0x3B      /* user data segment whose base KeSetTebSelectorBase sets (FS in user mode) */
#define KGDT_DF_TSS   0x50      /* the double-fault task */

#define EFLAGS_IF     0x200

/* Vectors: exceptions 0..31, the system service gate, ISA IRQ n at 0x30 + n (NT's PIC HAL). */
#define KI_SYSTEM_SERVICE_VECTOR 0x2E
#define PRIMARY_VECTOR_BASE      0x30

/* The register state saved on every trap, interrupt and system call (lowest address first).
   HardwareEsp/HardwareSegSs are pushed by the CPU only when the trap came from ring 3 (SegCs & 3). */
typedef struct _KTRAP_FRAME {
    ULONG SegGs, SegFs, SegEs, SegDs;
    ULONG Edi, Esi, Ebp, TempEsp, Ebx, Edx, Ecx, Eax;   /* pushal order; TempEsp is not restored */
    ULONG TrapNumber;                                    /* vector */
    ULONG ErrCode;                                       /* CPU error code, or 0 */
    ULONG Eip, SegCs, EFlags;
    ULONG HardwareEsp, HardwareSegSs;
} KTRAP_FRAME;

/* The stack pointer of the interrupted code. */
static inline ULONG KiTrapFrameEsp(const KTRAP_FRAME *tf)
{
    return (tf->SegCs & 3) ? tf->HardwareEsp : (ULONG)(ULONG_PTR)&tf->HardwareEsp;
}

void KiInitializeTraps(void);                 /* GDT, TSSs, IDT, PIC, clock; enables interrupts */
void KiSetKernelStack(ULONG Esp0);            /* TSS esp0: where ring-3 traps land (per thread) */
void KeSetTebSelectorBase(ULONG Base);        /* base of KGDT_R3_TEB */
__attribute__((noreturn)) void KiExitToTrapFrame(KTRAP_FRAME *TrapFrame);  /* restore a frame and iret */

/* The trap frame of the fault being reported, for the bugcheck screen (NULL when the STOP is a direct
   KeBugCheckEx call). Set by the trap handlers just before they call KeBugCheckEx. */
extern KTRAP_FRAME *KiBugCheckTrapFrame;

/* Hooks other components provide, which the trap layer calls:
   - KiSystemServiceHook (sysservice.c): int 0x2E; reads EAX/EDX from the frame, stores the status in
     TrapFrame->Eax.
   - KiDispatchUserException (kernel/ps/psexit.c): a fault in ring 3 (access violation, breakpoint, ...);
     it ends the process or returns to resume at TrapFrame.
   - KiClockTickHook (dispatcher): called on every clock tick at CLOCK_LEVEL, interrupts enabled,
     after the tick count and interrupt time advanced.
   - KiDispatchInterruptHook (dispatcher): called at DISPATCH_LEVEL each time the DISPATCH_LEVEL software
     interrupt runs (after KiRequestDispatchInterrupt or KeInsertQueueDpc), once the DPC queue has drained;
     the place to switch threads.
   - KiDeliverApcHook (dispatcher): called at APC_LEVEL when IRQL falls below APC_LEVEL after
     KiRequestApcInterrupt.
   The page-fault hook is MmAccessFault in mm.h: TRUE = the memory manager resolved the fault. */
void KiSystemServiceHook(KTRAP_FRAME *TrapFrame);
void KiDispatchUserException(KTRAP_FRAME *TrapFrame, NTSTATUS Code);
void KiClockTickHook(void);
void KiDispatchInterruptHook(void);
void KiDeliverApcHook(void);
void KiRequestDispatchInterrupt(void);
void KiRequestApcInterrupt(void);

/* Interrupt flag helpers. */
static inline ULONG KiDisableInterrupts(void)
{
    ULONG flags;
    __asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
    return flags;
}
static inline void KiRestoreInterrupts(ULONG flags)
{
    if (flags & EFLAGS_IF)
        __asm__ volatile("sti" : : : "memory");
}

/* IRQL (uniprocessor). Raising masks, at the PIC, every interrupt whose IRQL is <= the new level.
   KeRaiseIrql to a lower level: IRQL_NOT_GREATER_OR_EQUAL (current, new, 0, caller).
   KeLowerIrql to a higher level: IRQL_NOT_LESS_OR_EQUAL (new, current, 0, caller) -- P1 is the
   requested IRQL here, not an address. Lowering below DISPATCH_LEVEL runs queued DPCs. */
extern volatile KIRQL KiCurrentIrql;
static inline KIRQL KeGetCurrentIrql(void) { return KiCurrentIrql; }
KIRQL KfRaiseIrql(KIRQL NewIrql);
void KeLowerIrql(KIRQL NewIrql);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))
KIRQL KeRaiseIrqlToDpcLevel(void);

/* DPCs: run at DISPATCH_LEVEL, in FIFO order, when IRQL falls below DISPATCH_LEVEL. */
struct _KDPC;
typedef void (*PKDEFERRED_ROUTINE)(struct _KDPC *Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                                   PVOID SystemArgument2);
typedef struct _KDPC {
    struct _KDPC *NextDpc;          /* queue link */
    BOOLEAN Inserted;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1, SystemArgument2;
} KDPC;
void KeInitializeDpc(KDPC *Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext);
BOOLEAN KeInsertQueueDpc(KDPC *Dpc, PVOID SystemArgument1, PVOID SystemArgument2);  /* FALSE: already queued */
BOOLEAN KeRemoveQueueDpc(KDPC *Dpc);                                                /* FALSE: was not queued */

/* Spin locks (uniprocessor: raising to DISPATCH_LEVEL is the exclusion; the lock word records the owner
   so misuse is caught). Acquiring a held lock: SPIN_LOCK_ALREADY_OWNED (lock, owner's caller address);
   releasing a free one: SPIN_LOCK_NOT_OWNED (lock). */
typedef ULONG_PTR KSPIN_LOCK;
void KeInitializeSpinLock(KSPIN_LOCK *SpinLock);
KIRQL KfAcquireSpinLock(KSPIN_LOCK *SpinLock);
void KeReleaseSpinLock(KSPIN_LOCK *SpinLock, KIRQL NewIrql);
#define KeAcquireSpinLock(SpinLock, OldIrql) (*(OldIrql) = KfAcquireSpinLock(SpinLock))
void KeAcquireSpinLockAtDpcLevel(KSPIN_LOCK *SpinLock);
void KeReleaseSpinLockFromDpcLevel(KSPIN_LOCK *SpinLock);

/* Interrupt objects: a driver's ISR for one vector. Several objects may share a vector; they are called
   in connection order until one returns TRUE. ISA IRQ n: vector 0x30 + n, IRQL 27 - n, except the clock
   (IRQ 0) at CLOCK_LEVEL; HalGetInterruptVector gives both. */
struct _KINTERRUPT;
typedef BOOLEAN (*PKSERVICE_ROUTINE)(struct _KINTERRUPT *Interrupt, PVOID ServiceContext);
typedef BOOLEAN (*PKSYNCHRONIZE_ROUTINE)(PVOID SynchronizeContext);
typedef struct _KINTERRUPT {
    struct _KINTERRUPT *Next;       /* chain of objects sharing the vector */
    PKSERVICE_ROUTINE ServiceRoutine;
    PVOID ServiceContext;
    ULONG Vector;
    KIRQL Irql;
    BOOLEAN Connected;
    ULONG Count;                    /* interrupts this object claimed */
} KINTERRUPT;
ULONG HalGetInterruptVector(ULONG BusInterruptLevel, KIRQL *Irql);     /* ISA IRQ -> vector and IRQL */
void KeInitializeInterrupt(KINTERRUPT *Interrupt, PKSERVICE_ROUTINE ServiceRoutine, PVOID ServiceContext,
                           ULONG Vector, KIRQL Irql);
BOOLEAN KeConnectInterrupt(KINTERRUPT *Interrupt);      /* FALSE: bad vector/IRQL pair or already connected */
BOOLEAN KeDisconnectInterrupt(KINTERRUPT *Interrupt);
BOOLEAN KeSynchronizeExecution(KINTERRUPT *Interrupt, PKSYNCHRONIZE_ROUTINE Routine, PVOID Context);

/* Clock: the PIT interrupts every 10.0144 ms (NT's 100144 x 100 ns increment) at CLOCK_LEVEL. */
extern volatile ULONG KeTickCount;                       /* low 32 bits of the tick count */
void KeQueryTickCount(LONGLONG *TickCount);
ULONG KeQueryTimeIncrement(void);                         /* 100 ns units per tick */
ULONGLONG KeQueryInterruptTime(void);                     /* 100 ns units since the clock started */
void KeQuerySystemTime(LONGLONG *SystemTime);             /* 100 ns units since 1601-01-01 (from the RTC) */
LONGLONG KeQueryPerformanceCounter(LONGLONG *Frequency);  /* the TSC; Frequency in Hz if not NULL */
void KeStallExecutionProcessor(ULONG Microseconds);

#endif
