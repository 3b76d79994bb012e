// SOURCES: lib/rtl/rtlmedian.c
/* Host tests of RtlMedianUlong, the benchmarks' median: odd and even counts, duplicates, one value,
   none, already sorted and reversed input, and the values left sorted. */
#include "rtl.h"
#include "unit.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_sorted(const ULONG *v, ULONG n)
{
    for (ULONG i = 1; i < n; i++)
        if (v[i - 1] > v[i])
            return 0;
    return 1;
}

int main(void)
{
    ULONG odd[] = { 900, 5, 7, 6, 100000 };
    CHECK(RtlMedianUlong(odd, COUNT(odd)) == 7);
    CHECK(is_sorted(odd, COUNT(odd)));
    ULONG even[] = { 4, 1, 3, 2 };
    CHECK(RtlMedianUlong(even, COUNT(even)) == 3);          /* the upper middle */
    ULONG same[] = { 9, 9, 9 };
    CHECK(RtlMedianUlong(same, COUNT(same)) == 9);
    ULONG one[] = { 42 };
    CHECK(RtlMedianUlong(one, 1) == 42);
    CHECK(RtlMedianUlong(NULL, 0) == 0);
    ULONG rising[101], falling[101];
    for (ULONG i = 0; i < 101; i++) {
        rising[i] = i * 3;
        falling[i] = 1000 - i;
    }
    CHECK(RtlMedianUlong(rising, 101) == 150);
    CHECK(RtlMedianUlong(falling, 101) == 950);
    CHECK(is_sorted(falling, 101));
    return unit_finish();
}
