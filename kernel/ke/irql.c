/*
 * IRQL on a uniprocessor with 8259 PICs. The current IRQL is a variable; raising it masks at the PICs
 * every ISA line whose IRQL is <= the new level (the mask for each level is precomputed, and the PIC is
 * written only when its byte changes -- port I/O is slow under emulation). APC_LEVEL and DISPATCH_LEVEL
 * are software interrupts: requests are remembered and delivered when IRQL falls below their level,
 * DISPATCH first (the DPC queue, then the dispatcher's hook), then APC.
 */
#include "ke.h"
#include "hal.h"

#define SOFTWARE_PENDING(level) (1u << (level))

volatile KIRQL KiCurrentIrql;
static volatile ULONG SoftwarePending;
static USHORT LevelMask[HIGH_LEVEL + 1];     /* lines an IRQL masks */
static USHORT OpenLines;                      /* lines with a connected interrupt object */

void KiRetireDpcList(void);

static void apply_mask(KIRQL irql)
{
    USHORT open = OpenLines;
    if (open & 0xFF00)
        open |= 1u << HAL_CASCADE_IRQ;
    HalpSetPicMask((USHORT)(LevelMask[irql] | ~open));
}

void KiInitializeIrql(void)
{
    for (ULONG level = 0; level <= HIGH_LEVEL; level++)
        for (ULONG irq = 0; irq < HAL_ISA_IRQS; irq++)
            if (HalpIrqlOfIrq(irq) <= level)
                LevelMask[level] |= (USHORT)(1u << irq);
    KiCurrentIrql = PASSIVE_LEVEL;
    apply_mask(PASSIVE_LEVEL);
}

void KiSetInterruptLine(ULONG Irq, BOOLEAN Open)
{
    ULONG flags = KiDisableInterrupts();
    if (Open)
        OpenLines |= (USHORT)(1u << Irq);
    else
        OpenLines &= (USHORT)~(1u << Irq);
    apply_mask(KiCurrentIrql);
    KiRestoreInterrupts(flags);
}

/* Sets IRQL with interrupts disabled (the caller's job); used by the interrupt dispatcher. */
void KiSetIrqlDisabled(KIRQL irql)
{
    KiCurrentIrql = irql;
    apply_mask(irql);
}

/* Runs pending software interrupts above `target`, then leaves IRQL at `target`. */
void KiDeliverSoftwareInterrupts(KIRQL target)
{
    for (;;) {
        ULONG flags = KiDisableInterrupts();
        KIRQL level;
        if (target < DISPATCH_LEVEL && (SoftwarePending & SOFTWARE_PENDING(DISPATCH_LEVEL)))
            level = DISPATCH_LEVEL;
        else if (target < APC_LEVEL && (SoftwarePending & SOFTWARE_PENDING(APC_LEVEL)))
            level = APC_LEVEL;
        else {
            KiCurrentIrql = target;
            KiRestoreInterrupts(flags);
            return;
        }
        SoftwarePending &= ~SOFTWARE_PENDING(level);
        KiCurrentIrql = level;                  /* levels 0..2 share one PIC mask: no port I/O */
        KiRestoreInterrupts(flags);
        if (level == DISPATCH_LEVEL) {
            KiRetireDpcList();
            KiDispatchInterruptHook();
        } else {
            KiDeliverApcHook();
        }
    }
}

static void request_software_interrupt(KIRQL level)
{
    ULONG flags = KiDisableInterrupts();
    SoftwarePending |= SOFTWARE_PENDING(level);
    KiRestoreInterrupts(flags);
    if (KiCurrentIrql < level)
        KiDeliverSoftwareInterrupts(KiCurrentIrql);
}

void KiRequestDispatchInterrupt(void)
{
    request_software_interrupt(DISPATCH_LEVEL);
}

void KiRequestApcInterrupt(void)
{
    request_software_interrupt(APC_LEVEL);
}

KIRQL KfRaiseIrql(KIRQL NewIrql)
{
    ULONG flags = KiDisableInterrupts();
    KIRQL old = KiCurrentIrql;
    if (NewIrql < old)
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, old, NewIrql, 0, (ULONG_PTR)__builtin_return_address(0));
    KiSetIrqlDisabled(NewIrql);
    KiRestoreInterrupts(flags);
    return old;
}

KIRQL KeRaiseIrqlToDpcLevel(void)
{
    return KfRaiseIrql(DISPATCH_LEVEL);
}

void KeLowerIrql(KIRQL NewIrql)
{
    ULONG flags = KiDisableInterrupts();
    KIRQL old = KiCurrentIrql;
    if (NewIrql > old)
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, NewIrql, old, 0, (ULONG_PTR)__builtin_return_address(0));
    KiSetIrqlDisabled(NewIrql);
    KiRestoreInterrupts(flags);
    if (NewIrql < DISPATCH_LEVEL && SoftwarePending)
        KiDeliverSoftwareInterrupts(NewIrql);
}
