/*
 * Bringing up the trap layer, and the one C entry every vector reaches (KiTrapDispatch, from trap.S):
 * exceptions, the system service gate, hardware interrupts, and vectors nobody should raise.
 */
#include "ke.h"
#include "hal.h"

void KiInitializeGdt(void);
void KiInitializeIdt(void);
void KiHandleException(KTRAP_FRAME *tf);
void KiInterruptDispatch(ULONG Irq);
void KiInitializeClock(void);
void KiInitializeIrql(void);

void KiInitializeTraps(void)
{
    KiInitializeGdt();
    KiInitializeIdt();
    HalpInitPic();
    KiInitializeIrql();
    __asm__ volatile("sti");
    KiInitializeClock();
}

static void system_service(KTRAP_FRAME *tf)
{
    __asm__ volatile("sti");
    KiSystemServiceHook(tf);
}

void KiTrapDispatch(KTRAP_FRAME *tf)
{
    ULONG vector = tf->TrapNumber;
    if (vector < 32)
        KiHandleException(tf);
    else if (vector >= PRIMARY_VECTOR_BASE && vector < PRIMARY_VECTOR_BASE + HAL_ISA_IRQS)
        KiInterruptDispatch(vector - PRIMARY_VECTOR_BASE);
    else if (vector == KI_SYSTEM_SERVICE_VECTOR)
        system_service(tf);
    else {
        KiBugCheckTrapFrame = tf;
        KeBugCheckEx(TRAP_CAUSE_UNKNOWN, vector, tf->Eip, 0, 0);
    }
}
