/* COM1 at 115200 8N1: the console every test and headless user reads, and an input source. */
#include "hal.h"

#define COM1 0x3F8

void HalInitSerial(void)
{
    outb(COM1 + 1, 0x00);       /* no interrupts yet */
    outb(COM1 + 3, 0x80);       /* DLAB */
    outb(COM1 + 0, 0x01);       /* divisor 1 = 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);       /* 8N1 */
    outb(COM1 + 2, 0xC7);       /* FIFO on, cleared */
    outb(COM1 + 4, 0x0B);       /* DTR, RTS, OUT2 */
}

void HalSerialPutChar(char c)
{
    if (c == '\n')
        HalSerialPutChar('\r');
    for (int spins = 0; spins < 100000 && !(inb(COM1 + 5) & 0x20); spins++)
        ;
    outb(COM1, (UCHAR)c);
}

int HalSerialGetChar(void)
{
    if (inb(COM1 + 5) & 0x01)
        return inb(COM1);
    return -1;
}

void HalpEnableSerialReceiveInterrupt(void)
{
    outb(COM1 + 1, 0x01);       /* interrupt when a byte arrives (OUT2 already routes it to IRQ 4) */
}
