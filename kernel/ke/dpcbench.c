/*
 * `make bench`: DPC latency in TSC cycles, the median of many samples, two ways:
 *   dpc_latency      KeInsertQueueDpc at PASSIVE_LEVEL until the deferred routine starts (the cost of
 *                    the DISPATCH_LEVEL software interrupt path alone);
 *   dpc_latency_isr  an interrupt service routine (the CMOS clock's periodic interrupt, IRQ 8 at IRQL 19)
 *                    queues the DPC until it starts: the ISR's return, the IRQL drop and the dispatch --
 *                    what NT's "DPC latency" means for a driver.
 * It also prints the TSC frequency the clock calibrated, which tools/bench.py uses to turn every
 * benchmark's cycles into nanoseconds.
 */
#include "hal.h"
#include "ke.h"
#include "ktest.h"
#include "rtctest.h"
#include "rtl.h"

#define DPC_SAMPLES   1001
#define ISR_SAMPLES   201
#define ISR_WAIT_MS   3000

static ULONGLONG DpcRanAt;
static ULONG IsrCycles[ISR_SAMPLES];
static volatile ULONG IsrSamples;
static ULONGLONG QueuedAt;
static KDPC IsrDpc;
static KINTERRUPT RtcInterrupt;

static ULONGLONG tsc(void)
{
    return (ULONGLONG)KeQueryPerformanceCounter(NULL);
}

static ULONG nanoseconds(ULONG cycles)
{
    LONGLONG frequency;
    KeQueryPerformanceCounter(&frequency);
    return (ULONG)((ULONGLONG)cycles * 1000000000u / (ULONGLONG)frequency);
}

static void stamp_dpc(KDPC *dpc, PVOID context, PVOID argument1, PVOID argument2)
{
    DpcRanAt = tsc();
}

static void report(const char *name, ULONG *samples, ULONG count)
{
    ULONG median = RtlMedianUlong(samples, count);
    DbgPrint("bench %s: %u cycles (%u ns)\n", name, median, nanoseconds(median));
}

static ULONG passive_latency_samples(ULONG *samples)
{
    ULONG late = 0;
    KDPC dpc;
    KeInitializeDpc(&dpc, stamp_dpc, NULL);
    for (ULONG i = 0; i < DPC_SAMPLES; i++) {
        DpcRanAt = 0;
        ULONGLONG inserted = tsc();
        KeInsertQueueDpc(&dpc, NULL, NULL);
        late += DpcRanAt == 0;          /* at PASSIVE_LEVEL the DPC must have run before the insert returns */
        samples[i] = (ULONG)(DpcRanAt - inserted);
    }
    return late;
}

/* ---- from an interrupt: the ISR stamps and queues, the DPC records the difference ---- */

static BOOLEAN rtc_isr(KINTERRUPT *interrupt, PVOID context)
{
    KiTestRtcAcknowledge();
    ULONGLONG now = tsc();
    if (KeInsertQueueDpc(&IsrDpc, NULL, NULL))
        QueuedAt = now;                 /* the DPC cannot run before this ISR returns */
    return TRUE;
}

static void record_isr_dpc(KDPC *dpc, PVOID context, PVOID argument1, PVOID argument2)
{
    if (IsrSamples < ISR_SAMPLES)
        IsrCycles[IsrSamples++] = (ULONG)(tsc() - QueuedAt);
}

static BOOLEAN isr_latency_samples(void)
{
    KIRQL irql;
    ULONG vector = HalGetInterruptVector(RTC_IRQ, &irql);
    KeInitializeDpc(&IsrDpc, record_isr_dpc, NULL);
    KeInitializeInterrupt(&RtcInterrupt, rtc_isr, NULL, vector, irql);
    if (!KeConnectInterrupt(&RtcInterrupt))
        return FALSE;
    IsrSamples = 0;
    KiTestRtcPeriodic(TRUE);
    for (ULONG ms = 0; ms < ISR_WAIT_MS && IsrSamples < ISR_SAMPLES; ms++)
        KeStallExecutionProcessor(1000);
    KiTestRtcPeriodic(FALSE);
    KeDisconnectInterrupt(&RtcInterrupt);
    KeRemoveQueueDpc(&IsrDpc);
    return IsrSamples == ISR_SAMPLES;
}

KTEST(bench_dpc)
{
    static ULONG samples[DPC_SAMPLES];
    LONGLONG frequency;
    KeQueryPerformanceCounter(&frequency);
    KT_CHECK(frequency > 0);
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    if (frequency <= 0)
        return;
    DbgPrint("bench tsc: %u kHz\n", (ULONG)(frequency / 1000));
    ULONG late = passive_latency_samples(samples);
    KT_EQ(late, 0);
    if (!late)
        report("dpc_latency", samples, DPC_SAMPLES);
    BOOLEAN sampled = isr_latency_samples();
    KT_CHECK(sampled);
    if (sampled)
        report("dpc_latency_isr", IsrCycles, ISR_SAMPLES);
}
