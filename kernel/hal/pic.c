/*
 * The two 8259 interrupt controllers, remapped as NT's PIC HAL had them: ISA IRQ n at vector 0x30 + n.
 * Each line's IRQL is 27 - n (ReactOS's HalpGetRootInterruptVector: IRQL = 0x4B - vector), except the
 * clock (IRQ 0), which runs at CLOCK_LEVEL. The trap layer masks lines by IRQL through HalpSetPicMask;
 * the mask is cached so that unchanged halves cost no port I/O. Both PICs are left reading their ISR,
 * which is how a spurious IRQ 7 or 15 is told from a real one.
 */
#include "hal.h"
#include "ke.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086      0x01
#define OCW2_EOI       0x20
#define OCW3_READ_ISR  0x0B

static USHORT CurrentMask = 0xFFFF;

void HalpInitPic(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, PRIMARY_VECTOR_BASE);
    outb(PIC2_DATA, PRIMARY_VECTOR_BASE + 8);
    outb(PIC1_DATA, 1u << HAL_CASCADE_IRQ);     /* master: slave on IRQ 2 */
    outb(PIC2_DATA, HAL_CASCADE_IRQ);           /* slave: its cascade identity */
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    outb(PIC1_CMD, OCW3_READ_ISR);
    outb(PIC2_CMD, OCW3_READ_ISR);
    CurrentMask = 0xFFFF;
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
}

UCHAR HalpIrqlOfIrq(ULONG Irq)
{
    return Irq == HAL_CLOCK_IRQ ? CLOCK_LEVEL : (UCHAR)(PROFILE_LEVEL - Irq);
}

void HalpSetPicMask(USHORT Mask)
{
    USHORT changed = Mask ^ CurrentMask;
    if (!changed)
        return;
    CurrentMask = Mask;
    if (changed & 0x00FF)
        outb(PIC1_DATA, (UCHAR)Mask);
    if (changed & 0xFF00)
        outb(PIC2_DATA, (UCHAR)(Mask >> 8));
}

BOOLEAN HalpIsSpuriousInterrupt(ULONG Irq)
{
    if (Irq == 7)
        return !(inb(PIC1_CMD) & 0x80);
    if (Irq == 15 && !(inb(PIC2_CMD) & 0x80)) {
        outb(PIC1_CMD, OCW2_EOI);               /* the master did see the cascade line */
        return TRUE;
    }
    return FALSE;
}

void HalpEndOfInterrupt(ULONG Irq)
{
    if (Irq >= 8)
        outb(PIC2_CMD, OCW2_EOI);
    outb(PIC1_CMD, OCW2_EOI);
}
