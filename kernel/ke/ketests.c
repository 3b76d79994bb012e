/*
 * In-kernel tests of the trap layer that run to completion: IRQL masking of a real device interrupt
 * (the CMOS clock's periodic interrupt, IRQ 8 at IRQL 19), DPC queueing and ordering, spin locks,
 * the system service gate and the clock.
 */
#include "ke.h"
#include "hal.h"
#include "ktest.h"
#include "rtctest.h"

#define PIC2_DATA     0xA1
#define WAIT_US       30000
#define PIT_CHANNEL0  0x40
#define PIT_COMMAND   0x43
#define PIT_LATCH_CHANNEL0 0x00

static volatile ULONG RtcCount;
static volatile KIRQL RtcIrql;
static KINTERRUPT RtcInterrupt;

static BOOLEAN rtc_isr(KINTERRUPT *Interrupt, PVOID Context)
{
    KiTestRtcAcknowledge();
    RtcCount++;
    RtcIrql = KeGetCurrentIrql();
    if (Context)
        KeInsertQueueDpc(Context, (PVOID)RtcCount, NULL);
    return TRUE;
}

static void rtc_connect(KDPC *dpc)
{
    KIRQL irql;
    ULONG vector = HalGetInterruptVector(RTC_IRQ, &irql);
    KeInitializeInterrupt(&RtcInterrupt, rtc_isr, dpc, vector, irql);
    KT_CHECK(KeConnectInterrupt(&RtcInterrupt));
    RtcCount = 0;
    KiTestRtcPeriodic(TRUE);
}

static void rtc_disconnect(void)
{
    KiTestRtcPeriodic(FALSE);
    KT_CHECK(KeDisconnectInterrupt(&RtcInterrupt));
}

/* Waits for `count` clock ticks (up to a second: a loaded host delivers them late). */
static BOOLEAN wait_for_ticks(ULONG count)
{
    ULONG start = KeTickCount;
    for (int i = 0; i < 100 && KeTickCount - start < count; i++)
        KeStallExecutionProcessor(10000);
    return KeTickCount - start >= count;
}

static BOOLEAN wait_for_count(ULONG target)
{
    for (int i = 0; i < 100 && RtcCount < target; i++)
        KeStallExecutionProcessor(10000);
    return RtcCount >= target;
}

KTEST(irql_vectors)
{
    KIRQL irql;
    KT_EQ(HalGetInterruptVector(0, &irql), 0x30);
    KT_EQ(irql, CLOCK_LEVEL);
    KT_EQ(HalGetInterruptVector(1, &irql), 0x31);
    KT_EQ(irql, 26);
    KT_EQ(HalGetInterruptVector(4, &irql), 0x34);
    KT_EQ(irql, 23);
    KT_EQ(HalGetInterruptVector(15, &irql), 0x3F);
    KT_EQ(irql, 12);
    KINTERRUPT wrong;
    KeInitializeInterrupt(&wrong, rtc_isr, NULL, 0x38, 20);     /* IRQ 8 is IRQL 19, not 20 */
    KT_CHECK(!KeConnectInterrupt(&wrong));
}

static BOOLEAN record_irql(PVOID Context)
{
    *(KIRQL *)Context = KeGetCurrentIrql();
    return TRUE;
}

KTEST(irql_masking)
{
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    rtc_connect(NULL);
    KT_CHECK(wait_for_count(3));
    KT_EQ(RtcIrql, 19);
    KT_CHECK(!(inb(PIC2_DATA) & 1));                 /* IRQ 8 open at PASSIVE_LEVEL */
    KIRQL synchronized = 0;
    KT_CHECK(KeSynchronizeExecution(&RtcInterrupt, record_irql, &synchronized));
    KT_EQ(synchronized, 19);                         /* runs at the ISR's level... */
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);        /* ...and comes back */

    KIRQL old = KfRaiseIrql(19);
    KT_EQ(old, PASSIVE_LEVEL);
    KT_CHECK(inb(PIC2_DATA) & 1);                    /* masked at its own level */
    ULONG before = RtcCount;
    KT_CHECK(wait_for_ticks(2));                     /* the clock (IRQL 28) still runs... */
    KT_EQ(RtcCount, before);                         /* ...the CMOS clock (IRQL 19) does not */

    KeLowerIrql(18);                                 /* one below: the pending interrupt comes in */
    KT_CHECK(wait_for_count(before + 1));
    KT_EQ(RtcIrql, 19);
    ULONG at18 = RtcCount;
    KfRaiseIrql(CLOCK_LEVEL);
    ULONG ticks = KeTickCount;
    KeStallExecutionProcessor(WAIT_US);
    KT_EQ(KeTickCount, ticks);                       /* CLOCK_LEVEL holds the clock back too */
    KeLowerIrql(old);
    KT_CHECK(wait_for_count(at18 + 2));
    KT_CHECK(wait_for_ticks(1));
    rtc_disconnect();
    KT_CHECK(inb(PIC2_DATA) & 1);                    /* a line nobody owns stays masked */
}

static ULONG Order[8], OrderCount;
static KIRQL DpcIrql;

static void record_dpc(KDPC *Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    if (OrderCount < 8)
        Order[OrderCount++] = (ULONG)(ULONG_PTR)Context * 100 + (ULONG)(ULONG_PTR)Arg1;
    DpcIrql = KeGetCurrentIrql();
}

KTEST(dpc_order)
{
    KDPC a, b, c, d;
    KeInitializeDpc(&a, record_dpc, (PVOID)1);
    KeInitializeDpc(&b, record_dpc, (PVOID)2);
    KeInitializeDpc(&c, record_dpc, (PVOID)3);
    KeInitializeDpc(&d, record_dpc, (PVOID)4);
    OrderCount = 0;
    KIRQL old = KeRaiseIrqlToDpcLevel();
    KT_CHECK(KeInsertQueueDpc(&b, (PVOID)7, NULL));
    KT_CHECK(KeInsertQueueDpc(&a, (PVOID)8, NULL));
    KT_CHECK(!KeInsertQueueDpc(&b, (PVOID)9, NULL));  /* queued twice = once, first arguments kept */
    KT_CHECK(KeInsertQueueDpc(&d, NULL, NULL));
    KT_CHECK(KeInsertQueueDpc(&c, (PVOID)5, NULL));
    KT_CHECK(KeRemoveQueueDpc(&d));
    KT_CHECK(!KeRemoveQueueDpc(&d));
    KeStallExecutionProcessor(WAIT_US);               /* clock ticks come and go: still nothing */
    KT_EQ(OrderCount, 0);
    KeLowerIrql(APC_LEVEL);                           /* below DISPATCH_LEVEL: the queue drains */
    KT_EQ(OrderCount, 3);
    KT_EQ(Order[0], 207);
    KT_EQ(Order[1], 108);
    KT_EQ(Order[2], 305);
    KT_EQ(DpcIrql, DISPATCH_LEVEL);
    KT_EQ(KeGetCurrentIrql(), APC_LEVEL);
    KeLowerIrql(old);
    KT_CHECK(KeInsertQueueDpc(&d, (PVOID)1, NULL));   /* at PASSIVE_LEVEL it runs at once */
    KT_EQ(OrderCount, 4);
    KT_EQ(Order[3], 401);
    KT_CHECK(KeInsertQueueDpc(&d, (PVOID)2, NULL));   /* and may be queued again after running */
    KT_EQ(OrderCount, 5);
}

KTEST(dpc_from_interrupt)
{
    KDPC dpc;
    KeInitializeDpc(&dpc, record_dpc, (PVOID)6);
    OrderCount = 0;
    KIRQL old = KeRaiseIrqlToDpcLevel();
    rtc_connect(&dpc);
    KT_CHECK(wait_for_count(2));                      /* the ISR runs above DISPATCH_LEVEL... */
    KiTestRtcPeriodic(FALSE);
    KT_EQ(OrderCount, 0);                             /* ...but its DPC waits for IRQL to drop */
    KeLowerIrql(old);
    KT_EQ(OrderCount, 1);                             /* queued by every interrupt, run once, */
    KT_EQ(Order[0], 601);                             /* with the first insertion's arguments */
    ULONG interrupts = RtcCount;
    KiTestRtcPeriodic(TRUE);
    KT_CHECK(wait_for_count(interrupts + 2));         /* at PASSIVE_LEVEL each interrupt's DPC runs */
    rtc_disconnect();
    KT_CHECK(OrderCount > 1);
    KT_EQ(DpcIrql, DISPATCH_LEVEL);
}

KTEST(spinlock_basic)
{
    KSPIN_LOCK lock, inner;
    KeInitializeSpinLock(&lock);
    KeInitializeSpinLock(&inner);
    KIRQL old;
    KeAcquireSpinLock(&lock, &old);
    KT_EQ(old, PASSIVE_LEVEL);
    KT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
    KT_CHECK(lock != 0);
    KeAcquireSpinLockAtDpcLevel(&inner);
    KT_CHECK(inner != 0);
    KeReleaseSpinLockFromDpcLevel(&inner);
    KT_EQ(inner, 0);
    KeReleaseSpinLock(&lock, old);
    KT_EQ(lock, 0);
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

KTEST(system_service_gate)
{
    ULONG eax = 0xFFF, edx = 0;
    __asm__ volatile("int $0x2E" : "+a"(eax), "+d"(edx) : : "memory", "ecx");
    KT_EQ(eax, (ULONG)STATUS_INVALID_SYSTEM_SERVICE);   /* service 0xFFF is past any table */
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* Ten clock ticks take at least 100.144 ms of TSC time (more when a loaded host delivers them late), the
   PIT runs with NT's divisor, and the system time read from the CMOS clock is past 2020-01-01. */
KTEST(clock_rate)
{
    LONGLONG frequency, ticks;
    KeQueryPerformanceCounter(&frequency);
    KT_CHECK(frequency > 10000000);                  /* at least 10 MHz */
    KT_EQ(KeQueryTimeIncrement(), 100144);
    KIRQL old = KeRaiseIrqlToDpcLevel();             /* no thread switch inside the measurement */
    ULONG start = KeTickCount;
    while (KeTickCount == start)
        ;
    LONGLONG t0 = KeQueryPerformanceCounter(NULL);
    KeQueryTickCount(&ticks);
    while ((LONG)(KeTickCount - (start + 11)) < 0)
        ;
    LONGLONG elapsed = KeQueryPerformanceCounter(NULL) - t0;
    KeLowerIrql(old);
    LONGLONG expected = frequency / 10;
    DbgPrint("  10 ticks = %u us of TSC time (%u MHz)\n", (ULONG)(elapsed * 1000000 / frequency),
             (ULONG)(frequency / 1000000));
    KT_CHECK(elapsed > expected / 2);                /* not 1 kHz; jitter both ways, a loaded host is slower */
    ULONG highest = 0;
    for (int i = 0; i < 50; i++) {                   /* the PIT counts down from 11949, not the BIOS's 65536 */
        outb(PIT_COMMAND, PIT_LATCH_CHANNEL0);
        ULONG count = inb(PIT_CHANNEL0);
        count |= (ULONG)inb(PIT_CHANNEL0) << 8;
        if (count > highest)
            highest = count;
    }
    KT_CHECK(highest <= 11949);
    KT_CHECK(KeQueryInterruptTime() / KeQueryTimeIncrement() >= (ULONGLONG)ticks + 10);
    LONGLONG now;
    KeQuerySystemTime(&now);
    KT_CHECK(now > 132223104000000000LL);            /* 2020-01-01 in 100 ns units since 1601 */
}
