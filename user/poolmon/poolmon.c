/* poolmon [-n N]: kernel pool usage by tag (allocations, frees, their difference and the bytes in
   use), largest users first, like the DDK's poolmon.exe. With -n it takes N snapshots a second apart,
   so a leak shows as a growing Diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "toolhelp.h"

static void sort_by_bytes(SYSTEM_POOL_TAG *tags, ULONG count)
{
    for (ULONG i = 1; i < count; i++) {
        SYSTEM_POOL_TAG t = tags[i];
        ULONG j = i;
        for (; j > 0 && tags[j - 1].BytesInUse < t.BytesInUse; j--)
            tags[j] = tags[j - 1];
        tags[j] = t;
    }
}

static void tag_text(ULONG tag, char text[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)(tag >> (8 * i));
        text[i] = c >= ' ' && c < 0x7F ? c : '.';
    }
    text[4] = 0;
}

static int snapshot(void)
{
    ULONG length, bytes = 0;
    NTSTATUS status;
    SYSTEM_POOL_TAG *tags = QuerySystemInformation(SystemPoolTagInformation, &length, &status);
    if (!tags) {
        printf("poolmon: cannot read the pool tags: status 0x%08X\n", (unsigned)status);
        return 1;
    }
    ULONG count = length / sizeof *tags;
    sort_by_bytes(tags, count);
    printf(" Tag      Allocs      Frees       Diff      Bytes\n");
    for (ULONG i = 0; i < count; i++) {
        char text[5];
        tag_text(tags[i].Tag, text);
        printf(" %s  %10u %10u %10u %10u\n", text, (unsigned)tags[i].Allocations, (unsigned)tags[i].Frees,
               (unsigned)(tags[i].Allocations - tags[i].Frees), (unsigned)tags[i].BytesInUse);
        bytes += tags[i].BytesInUse;
    }
    printf(" %u tags, %u bytes in use\n", (unsigned)count, (unsigned)bytes);
    FreeSystemInformation(tags);
    return 0;
}

static BOOLEAN parse_rounds(int argc, char **argv, ULONG *rounds)
{
    *rounds = 1;
    if (argc == 1)
        return TRUE;
    return argc == 3 && strcmp(argv[1], "-n") == 0 && RtlParseUlong(argv[2], rounds) && *rounds > 0;
}

int main(int argc, char **argv)
{
    ULONG rounds;
    if (!parse_rounds(argc, argv, &rounds)) {
        printf("usage: poolmon [-n N]\n");
        return 1;
    }
    for (ULONG i = 0; i < rounds; i++) {
        if (i) {
            Sleep(1000);
            printf("\n");
        }
        if (snapshot())
            return 1;
    }
    return 0;
}
