/*
 * The 8254 programmable interval timer: channel 0 drives the clock interrupt (IRQ 0); channel 2, gated
 * through port 0x61 and read back there, times 2 ms windows to measure the TSC's frequency.
 */
#include "hal.h"

#define PIT_CH0      0x40
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PORT_B       0x61
#define PIT_HZ       1193182u
#define CALIBRATE_MS 2u
#define CALIBRATE_WINDOWS 10

void HalpStartClock(ULONG Divisor)
{
    outb(PIT_CMD, 0x34);                /* channel 0, low then high byte, mode 2 (rate generator) */
    outb(PIT_CH0, (UCHAR)Divisor);
    outb(PIT_CH0, (UCHAR)(Divisor >> 8));
}

static ULONGLONG rdtsc(void)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (ULONGLONG)high << 32 | low;
}

static ULONGLONG tsc_ticks_in_window(void)
{
    ULONG count = PIT_HZ * CALIBRATE_MS / 1000;
    outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);    /* gate channel 2 on, speaker off */
    outb(PIT_CMD, 0xB0);                            /* channel 2, low then high byte, mode 0 */
    outb(PIT_CH2, (UCHAR)count);
    outb(PIT_CH2, (UCHAR)(count >> 8));
    ULONGLONG start = rdtsc();
    while (!(inb(PORT_B) & 0x20))                   /* OUT2 rises when the count reaches zero */
        ;
    return rdtsc() - start;
}

/* A window can only come out too long (the emulator's thread was preempted inside it), so the
   shortest of a few is the measurement. */
ULONGLONG HalpCalibrateTsc(void)
{
    ULONGLONG best = ~0ull;
    for (int i = 0; i < CALIBRATE_WINDOWS; i++) {
        ULONGLONG ticks = tsc_ticks_in_window();
        if (ticks < best)
            best = ticks;
    }
    return best * (1000 / CALIBRATE_MS);
}
