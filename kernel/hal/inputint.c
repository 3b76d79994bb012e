/*
 * Interrupt-driven console input: the PS/2 keyboard (IRQ 1) and COM1's receiver (IRQ 4) each get an
 * interrupt object whose routine moves the waiting bytes into the input queue (input.c). Polling with
 * HalPollInput keeps working, so input also arrives while interrupts are off (a STOP screen).
 */
#include "hal.h"
#include "ke.h"
#include "ktest.h"

#define KBD_DATA   0x60
#define KBD_CMD    0x64
#define KBD_READ_CONFIG  0x20
#define KBD_WRITE_CONFIG 0x60
#define KBD_CONFIG_IRQ1  0x01
#define KBD_INPUT_FULL   0x02
#define KBD_OUTPUT_FULL  0x01
#define KBD_WAIT_SPINS   100000
#define KBD_WRITE_OUTPUT 0xD2          /* the controller hands the next byte back as if typed */
#define COM1       0x3F8
#define COM1_MCR_LOOPBACK 0x1B          /* loopback, OUT2, RTS, DTR */
#define COM1_MCR_NORMAL   0x0B
#define COM1_IRQ   4
#define KBD_IRQ    1

static KINTERRUPT KeyboardInterrupt, SerialInterrupt;

static BOOLEAN input_isr(KINTERRUPT *Interrupt, PVOID Context)
{
    HalpDrainInputDevices();
    return TRUE;
}

static void connect(KINTERRUPT *interrupt, ULONG irq)
{
    KIRQL irql;
    ULONG vector = HalGetInterruptVector(irq, &irql);
    KeInitializeInterrupt(interrupt, input_isr, NULL, vector, irql);
    if (!KeConnectInterrupt(interrupt))
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, vector, irql, 0, 0);
}

static BOOLEAN controller_ready(void)
{
    for (int spins = 0; spins < KBD_WAIT_SPINS; spins++)
        if (!(inb(KBD_CMD) & KBD_INPUT_FULL))
            return TRUE;
    return FALSE;
}

/* Makes sure the i8042 raises IRQ 1 for keyboard bytes (firmware usually leaves it on). */
static void enable_keyboard_irq(void)
{
    if (!controller_ready())
        return;
    outb(KBD_CMD, KBD_READ_CONFIG);
    int spins = 0;
    while (!(inb(KBD_CMD) & KBD_OUTPUT_FULL) && spins++ < KBD_WAIT_SPINS)
        ;
    if (spins >= KBD_WAIT_SPINS)
        return;
    UCHAR config = inb(KBD_DATA);
    if ((config & KBD_CONFIG_IRQ1) || !controller_ready())
        return;
    outb(KBD_CMD, KBD_WRITE_CONFIG);
    if (controller_ready())
        outb(KBD_DATA, config | KBD_CONFIG_IRQ1);
}

void HalpConnectInputInterrupts(void)
{
    enable_keyboard_irq();
    connect(&KeyboardInterrupt, KBD_IRQ);
    connect(&SerialInterrupt, COM1_IRQ);
    HalpEnableSerialReceiveInterrupt();
    HalpDrainInputDevices();            /* bytes that arrived before the lines were open */
}

static void inject_scan_code(UCHAR code)
{
    if (controller_ready())
        outb(KBD_CMD, KBD_WRITE_OUTPUT);
    if (controller_ready())
        outb(KBD_DATA, code);
    KeStallExecutionProcessor(10000);
}

KTEST(input_interrupts)
{
    while (HalPollInput() >= 0)
        ;
    ULONG keys = KeyboardInterrupt.Count;
    inject_scan_code(0x1E);                 /* 'a' pressed */
    inject_scan_code(0x9E);                 /* and released */
    KT_EQ(KeyboardInterrupt.Count, keys + 2);
    ULONG bytes = SerialInterrupt.Count;
    outb(COM1 + 4, COM1_MCR_LOOPBACK);      /* what COM1 sends now, it receives */
    outb(COM1, 'z');
    KeStallExecutionProcessor(10000);
    outb(COM1 + 4, COM1_MCR_NORMAL);
    KT_EQ(SerialInterrupt.Count, bytes + 1);
    KT_EQ(HalPollInput(), 'a');
    KT_EQ(HalPollInput(), 'z');
}
