/*
 * The clock: the PIT's IRQ 0 at CLOCK_LEVEL, every 11949 PIT counts = 10.0144 ms, NT's classic
 * 100144 x 100 ns time increment. Each tick advances the tick count and the interrupt time, then calls
 * the dispatcher's hook (quanta, timers). System time is the CMOS clock read at start-up plus the
 * interrupt time; the performance counter is the TSC, calibrated against the PIT.
 */
#include "ke.h"
#include "hal.h"

#define PIT_HZ            1193182u
#define CLOCK_DIVISOR     11949u
#define TIME_INCREMENT    ((ULONG)(((ULONGLONG)CLOCK_DIVISOR * 10000000u + PIT_HZ / 2) / PIT_HZ))

volatile ULONG KeTickCount;
static volatile ULONG TickCountHigh;
static KINTERRUPT ClockInterrupt;
static ULONGLONG TscFrequency;
static LONGLONG BootSystemTime;

static BOOLEAN clock_isr(KINTERRUPT *Interrupt, PVOID Context)
{
    if (++KeTickCount == 0)
        TickCountHigh++;
    KiClockTickHook();
    return TRUE;
}

void KiInitializeClock(void)
{
    TscFrequency = HalpCalibrateTsc();
    BootSystemTime = HalpReadCmosTime();
    KIRQL irql;
    ULONG vector = HalGetInterruptVector(HAL_CLOCK_IRQ, &irql);
    KeInitializeInterrupt(&ClockInterrupt, clock_isr, NULL, vector, irql);
    if (!KeConnectInterrupt(&ClockInterrupt))
        KeBugCheckEx(HAL_INITIALIZATION_FAILED, vector, irql, 0, 0);
    HalpStartClock(CLOCK_DIVISOR);
}

/* The ISR writes the low half first, so a high half that reads the same on both sides of the low
   half's read belongs to it. */
void KeQueryTickCount(LONGLONG *TickCount)
{
    ULONG high, low;
    do {
        high = TickCountHigh;
        low = KeTickCount;
    } while (high != TickCountHigh);
    *TickCount = (LONGLONG)((ULONGLONG)high << 32 | low);
}

ULONG KeQueryTimeIncrement(void)
{
    return TIME_INCREMENT;
}

ULONGLONG KeQueryInterruptTime(void)
{
    LONGLONG ticks;
    KeQueryTickCount(&ticks);
    return (ULONGLONG)ticks * TIME_INCREMENT;
}

void KeQuerySystemTime(LONGLONG *SystemTime)
{
    *SystemTime = BootSystemTime + (LONGLONG)KeQueryInterruptTime();
}

LONGLONG KeQueryPerformanceCounter(LONGLONG *Frequency)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    if (Frequency)
        *Frequency = (LONGLONG)TscFrequency;
    return (LONGLONG)((ULONGLONG)high << 32 | low);
}

void KeStallExecutionProcessor(ULONG Microseconds)
{
    LONGLONG start = KeQueryPerformanceCounter(NULL);
    ULONGLONG cycles = TscFrequency * Microseconds / 1000000u;
    while ((ULONGLONG)(KeQueryPerformanceCounter(NULL) - start) < cycles)
        __asm__ volatile("pause");
}
