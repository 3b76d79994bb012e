/* Helpers shared by the hive unit tests: a counting allocator that can be told to fail, checks that
   print one line each, and reloading a hive's image through full validation. */
#ifndef HIVETEST_H
#define HIVETEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hive.h"

static int failures;
static long allocations_left = -1;     /* -1 = never fail */
static long live_blocks;

static inline PVOID TestAllocate(ULONG bytes)
{
    if (allocations_left == 0)
        return NULL;
    if (allocations_left > 0)
        allocations_left--;
    live_blocks++;
    return malloc(bytes ? bytes : 1);
}

static inline void TestFree(PVOID block, ULONG bytes)
{
    (void)bytes;
    live_blocks--;
    free(block);
}

#define CHECK(cond, ...) do { \
        if (cond) { printf("ok   "); } else { printf("FAIL "); failures++; } \
        printf(__VA_ARGS__); printf("\n"); \
    } while (0)

/* Loads a copy of the hive's current image through HvInitializeHive; returns its status. */
static inline NTSTATUS Reload(HHIVE *hive, char *reason, size_t size)
{
    HHIVE copy;
    NTSTATUS status = HvInitializeHive(&copy, hive->Image, HvImageSize(hive), TestAllocate, TestFree);
    snprintf(reason, size, "%s", NT_SUCCESS(status) ? "" : copy.Reason);
    if (NT_SUCCESS(status))
        HvFreeHive(&copy);
    return status;
}

/* The end of every hive test's main: nothing leaked, one summary line, the exit status. */
static inline int FinishTest(void)
{
    CHECK(live_blocks == 0, "every allocation was freed (%ld left)", live_blocks);
    printf("%s: %d failures\n", failures ? "FAIL" : "PASS", failures);
    return failures != 0;
}

static inline BOOLEAN StillValid(HHIVE *hive)
{
    char reason[160];
    NTSTATUS status = Reload(hive, reason, sizeof(reason));
    if (!NT_SUCCESS(status))
        printf("     reload failed: %s\n", reason);
    return NT_SUCCESS(status);
}

#endif
