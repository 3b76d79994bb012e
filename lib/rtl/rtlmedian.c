/* The median of a set of measurements (benchmarks report it: one preempted or interrupted sample
   cannot move it, unlike the mean). */
#include "rtl.h"

ULONG RtlMedianUlong(ULONG *values, ULONG count)
{
    for (ULONG i = 1; i < count; i++) {
        ULONG value = values[i], j = i;
        for (; j > 0 && values[j - 1] > value; j--)
            values[j] = values[j - 1];
        values[j] = value;
    }
    return count ? values[count / 2] : 0;
}
