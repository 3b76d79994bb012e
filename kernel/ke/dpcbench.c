/*
 * `make bench`: DPC latency -- TSC cycles from KeInsertQueueDpc at PASSIVE_LEVEL to the first statement
 * of the deferred routine (the DISPATCH_LEVEL software interrupt path), the median of many insertions.
 * It also prints the TSC frequency the clock calibrated, which tools/bench.py uses to turn every
 * benchmark's cycles into nanoseconds.
 */
#include "hal.h"
#include "ke.h"
#include "ktest.h"
#include "rtl.h"

#define DPC_SAMPLES 1001

static ULONGLONG DpcRanAt;

static ULONGLONG tsc(void)
{
    return (ULONGLONG)KeQueryPerformanceCounter(NULL);
}

static void stamp_dpc(KDPC *dpc, PVOID context, PVOID argument1, PVOID argument2)
{
    DpcRanAt = tsc();
}

static ULONG nanoseconds(ULONG cycles, ULONGLONG frequency)
{
    return (ULONG)((ULONGLONG)cycles * 1000000000u / frequency);
}

KTEST(bench_dpc)
{
    static ULONG samples[DPC_SAMPLES];
    ULONG late = 0;
    LONGLONG frequency;
    KDPC dpc;
    KeInitializeDpc(&dpc, stamp_dpc, NULL);
    KT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
    for (ULONG i = 0; i < DPC_SAMPLES; i++) {
        DpcRanAt = 0;
        ULONGLONG inserted = tsc();
        KeInsertQueueDpc(&dpc, NULL, NULL);
        late += DpcRanAt == 0;          /* at PASSIVE_LEVEL the DPC must have run before the insert returns */
        samples[i] = (ULONG)(DpcRanAt - inserted);
    }
    KT_EQ(late, 0);
    KeQueryPerformanceCounter(&frequency);
    KT_CHECK(frequency > 0);
    if (late || frequency <= 0)
        return;
    ULONG median = RtlMedianUlong(samples, DPC_SAMPLES);
    DbgPrint("bench tsc: %u kHz\n", (ULONG)(frequency / 1000));
    DbgPrint("bench dpc_latency: %u cycles (%u ns)\n", median, nanoseconds(median, (ULONGLONG)frequency));
}
