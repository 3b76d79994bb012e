/*
 * Interrupt objects: drivers connect a service routine to a vector; the trap layer runs the routines of
 * an ISA line at the line's IRQL. Dispatching an interrupt: raise to its IRQL (masking it and everything
 * at or below it), acknowledge it at the PIC, run the objects with interrupts enabled, then fall back to
 * the interrupted IRQL -- which, below DISPATCH_LEVEL, runs the DPCs the routines queued.
 */
#include "ke.h"
#include "hal.h"

static KINTERRUPT *Chains[HAL_ISA_IRQS];

void KiSetInterruptLine(ULONG Irq, BOOLEAN Open);
void KiSetIrqlDisabled(KIRQL Irql);
void KiDeliverSoftwareInterrupts(KIRQL Target);

ULONG HalGetInterruptVector(ULONG BusInterruptLevel, KIRQL *Irql)
{
    if (BusInterruptLevel >= HAL_ISA_IRQS)
        return 0;
    *Irql = HalpIrqlOfIrq(BusInterruptLevel);
    return PRIMARY_VECTOR_BASE + BusInterruptLevel;
}

void KeInitializeInterrupt(KINTERRUPT *Interrupt, PKSERVICE_ROUTINE ServiceRoutine, PVOID ServiceContext,
                           ULONG Vector, KIRQL Irql)
{
    Interrupt->Next = NULL;
    Interrupt->ServiceRoutine = ServiceRoutine;
    Interrupt->ServiceContext = ServiceContext;
    Interrupt->Vector = Vector;
    Interrupt->Irql = Irql;
    Interrupt->Connected = FALSE;
    Interrupt->Count = 0;
}

BOOLEAN KeConnectInterrupt(KINTERRUPT *Interrupt)
{
    ULONG irq = Interrupt->Vector - PRIMARY_VECTOR_BASE;
    if (irq >= HAL_ISA_IRQS || irq == HAL_CASCADE_IRQ || Interrupt->Irql != HalpIrqlOfIrq(irq) ||
        Interrupt->Connected)
        return FALSE;
    ULONG flags = KiDisableInterrupts();
    KINTERRUPT **link = &Chains[irq];
    while (*link)
        link = &(*link)->Next;
    Interrupt->Next = NULL;
    *link = Interrupt;
    Interrupt->Connected = TRUE;
    KiSetInterruptLine(irq, TRUE);
    KiRestoreInterrupts(flags);
    return TRUE;
}

BOOLEAN KeDisconnectInterrupt(KINTERRUPT *Interrupt)
{
    if (!Interrupt->Connected)
        return FALSE;
    ULONG irq = Interrupt->Vector - PRIMARY_VECTOR_BASE;
    ULONG flags = KiDisableInterrupts();
    KINTERRUPT **link = &Chains[irq];
    while (*link != Interrupt)
        link = &(*link)->Next;
    *link = Interrupt->Next;
    Interrupt->Connected = FALSE;
    if (!Chains[irq])
        KiSetInterruptLine(irq, FALSE);
    KiRestoreInterrupts(flags);
    return TRUE;
}

/* Runs Routine at the interrupt's IRQL, so it cannot race the service routine. */
BOOLEAN KeSynchronizeExecution(KINTERRUPT *Interrupt, PKSYNCHRONIZE_ROUTINE Routine, PVOID Context)
{
    KIRQL old = KfRaiseIrql(Interrupt->Irql);
    BOOLEAN result = Routine(Context);
    KeLowerIrql(old);
    return result;
}

/* Called from KiTrapDispatch with interrupts disabled. */
void KiInterruptDispatch(ULONG Irq)
{
    if (HalpIsSpuriousInterrupt(Irq))
        return;
    KIRQL old = KiCurrentIrql, level = HalpIrqlOfIrq(Irq);
    if (level <= old)       /* the PIC mask for `old` should have held this line back */
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, old, level, PRIMARY_VECTOR_BASE + Irq, 0);
    KiSetIrqlDisabled(level);
    HalpEndOfInterrupt(Irq);
    __asm__ volatile("sti");
    for (KINTERRUPT *i = Chains[Irq]; i; i = i->Next) {
        if (i->ServiceRoutine(i, i->ServiceContext)) {
            i->Count++;
            break;
        }
    }
    __asm__ volatile("cli");
    KiSetIrqlDisabled(old);
    if (old < DISPATCH_LEVEL) {
        __asm__ volatile("sti");
        KiDeliverSoftwareInterrupts(old);
        __asm__ volatile("cli");
    }
}
