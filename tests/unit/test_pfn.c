// SOURCES: kernel/mm/pfnmap.c
/* Host tests of the page-frame bitmap: release/reserve bookkeeping, single-page allocation with its
   hint, contiguous runs, exhaustion, and that no page is ever handed out twice. */
#include <stdio.h>
#include <string.h>
#include "../../kernel/mm/mi.h"

static int failures;

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

#define PAGES 1000      /* not a multiple of 32: the last word is partial */

int main(void)
{
    static ULONG bits[(PAGES + 31) / 32];
    static unsigned char owner[PAGES];
    MI_PAGE_BITMAP map;

    MiBitmapInitialize(&map, bits, PAGES);
    check("a new bitmap has no free pages", map.FreePages == 0 && MiBitmapAllocate(&map) == MI_NO_PAGE);

    MiBitmapRelease(&map, 100, 900);           /* pages 100..999 are RAM */
    MiBitmapReserve(&map, 256, 10);            /* a module */
    MiBitmapReserve(&map, 250, 10);            /* overlapping reservation counts once */
    check("release and overlapping reserves count pages exactly", map.FreePages == 900 - 16);
    check("reserved pages are not free", !MiBitmapIsFree(&map, 250) && !MiBitmapIsFree(&map, 265));
    check("pages around them are", MiBitmapIsFree(&map, 249) && MiBitmapIsFree(&map, 266));
    check("pages beyond the bitmap are never free", !MiBitmapIsFree(&map, PAGES) && !MiBitmapIsFree(&map, 99));

    ULONG first = MiBitmapAllocate(&map);
    check("the first allocation is the lowest free page", first == 100);
    int unique = 1, inRange = 1;
    ULONG got = 1;
    owner[first] = 1;
    for (ULONG p; (p = MiBitmapAllocate(&map)) != MI_NO_PAGE; got++) {
        inRange &= p >= 100 && p < PAGES && !(p >= 250 && p < 266);
        unique &= p < PAGES && !owner[p];
        if (p < PAGES)
            owner[p] = 1;
    }
    check("every free page is handed out exactly once", unique && got == 900 - 16);
    check("never a reserved or missing page", inRange);
    check("then the bitmap is exhausted", map.FreePages == 0);

    MiBitmapRelease(&map, 500, 1);
    check("a freed page is found again (hint moves back)", MiBitmapAllocate(&map) == 500);
    MiBitmapRelease(&map, 700, 1);
    MiBitmapRelease(&map, 300, 1);
    check("the hint never skips a lower free page", MiBitmapAllocate(&map) == 300 && MiBitmapAllocate(&map) == 700);

    MiBitmapRelease(&map, 400, 5);
    MiBitmapRelease(&map, 600, 40);
    check("a run longer than any hole fails", MiBitmapAllocateRun(&map, 41) == MI_NO_PAGE);
    check("a run takes the first hole big enough", MiBitmapAllocateRun(&map, 6) == 600);
    check("a small run fits the first hole", MiBitmapAllocateRun(&map, 5) == 400);
    check("runs are marked in use", map.FreePages == 34 && !MiBitmapIsFree(&map, 605));
    check("a zero-length run is refused", MiBitmapAllocateRun(&map, 0) == MI_NO_PAGE);

    MiBitmapRelease(&map, 960, 40);
    check("a run may end at the last page", MiBitmapAllocateRun(&map, 40) == 960);
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures != 0;
}
