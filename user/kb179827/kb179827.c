/* KB Q179827, "Registry handle leak causes random blue screens": behaves like the application in the
   article. It opens HKLM\SOFTWARE\Attachmate\Extra\6.3 N times (default 70,000) without closing,
   reporting progress, then closes every handle (newest first) and opens and closes the key once
   more. RTM: the KCB's 16-bit open count wraps at the 65,536th open, a later close frees the KCB
   while key objects still point to it, and the closes after that write into the freed pool block
   until the pool's checks stop the system with BAD_POOL_HEADER (0x19). SP: the opens past 65,535
   fail cleanly with ERROR_NO_SYSTEM_RESOURCES and the registry's pool returns to where it started.
   Exit status: 0 as the fixed system should behave, 1 pool not back, 2 an unexpected error.
   docs/kb/Q179827.md. */
#include "winreg.h"
#include <stdio.h>
#include <stdlib.h>

#define KEY_PATH   "SOFTWARE\\Attachmate\\Extra\\6.3"
#define WRAP_OPENS 65536            /* the open that wraps a 16-bit count to zero */
#define PROGRESS   10000
#define MAX_TAGS   256
#define POOL_TAG_OF(a, b, c, d) ((ULONG)(a) | (ULONG)(b) << 8 | (ULONG)(c) << 16 | (ULONG)(d) << 24)

/* Bytes of pool in use: all of it, and the registry's own tags (key objects, KCBs, hives). */
static void pool_usage(ULONG *total, ULONG *registry)
{
    static SYSTEM_POOL_TAG tags[MAX_TAGS];
    ULONG needed = 0;
    *total = *registry = 0;
    if (!NT_SUCCESS(NtQuerySystemInformation(SystemPoolTagInformation, tags, sizeof tags, &needed)))
        return;
    for (ULONG i = 0; i < needed / sizeof tags[0]; i++) {
        ULONG t = tags[i].Tag;
        *total += tags[i].BytesInUse;
        if (t == POOL_TAG_OF('K', 'e', 'y', ' ') || t == POOL_TAG_OF('K', 'C', 'b', ' ') ||
            t == POOL_TAG_OF('C', 'M', ' ', ' '))
            *registry += tags[i].BytesInUse;
    }
}

static ULONG milliseconds_since(LONGLONG start)
{
    LONGLONG now, hz;
    NtQueryPerformanceCounter(&now, &hz);
    return hz ? (ULONG)((now - start) * 1000 / hz) : 0;
}

/* Opens the key n times; returns how many handles it holds (they are packed at the front). */
static ULONG open_many(HKEY *handles, ULONG n, ULONG *failures)
{
    ULONG held = 0;
    LONGLONG start;
    NtQueryPerformanceCounter(&start, NULL);
    for (ULONG i = 1; i <= n; i++) {
        LONG error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, KEY_PATH, 0, KEY_READ, &handles[held]);
        if (error == ERROR_SUCCESS)
            held++;
        else if ((*failures)++ == 0)
            printf("kb179827: open %u failed: error %ld%s\n", (unsigned)i, (long)error,
                   error == 1450 ? " (ERROR_NO_SYSTEM_RESOURCES: the count would wrap)" : "");
        if (i == WRAP_OPENS)
            printf("kb179827: %u opens (where a 16-bit count wraps) took %u ms\n", (unsigned)i,
                   (unsigned)milliseconds_since(start));
        if (i % PROGRESS == 0)
            printf("kb179827: %u opens, %u handles held\n", (unsigned)i, (unsigned)held);
    }
    return held;
}

static ULONG close_all(HKEY *handles, ULONG held)
{
    ULONG failures = 0;
    for (ULONG i = held; i-- > 0;) {
        if (RegCloseKey(handles[i]) != ERROR_SUCCESS)
            failures++;
        if ((held - i) % PROGRESS == 0)
            printf("kb179827: %u handles closed\n", (unsigned)(held - i));
    }
    return failures;
}

static LONG open_and_close_again(void)
{
    HKEY key;
    char version[16] = "";
    DWORD size = sizeof version - 1;
    LONG error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, KEY_PATH, 0, KEY_READ, &key);
    if (error == ERROR_SUCCESS) {
        error = RegQueryValueExA(key, "Version", NULL, NULL, (BYTE *)version, &size);
        RegCloseKey(key);
    }
    printf("kb179827: opened and closed the key again: error %ld, Version \"%s\"\n", (long)error, version);
    return error;
}

int main(int argc, char **argv)
{
    ULONG n = argc > 1 ? strtoul(argv[1], NULL, 0) : 70000, failures = 0;
    ULONG totalBefore, registryBefore, totalAfter, registryAfter;
    HKEY *handles = malloc((n ? n : 1) * sizeof *handles);
    if (!handles) {
        printf("kb179827: no memory for %u handles\n", (unsigned)n);
        return 2;
    }
    pool_usage(&totalBefore, &registryBefore);
    printf("kb179827: opening HKLM\\%s %u times without closing\n", KEY_PATH, (unsigned)n);
    ULONG held = open_many(handles, n, &failures);
    printf("kb179827: %u handles held, %u opens failed; closing them\n", (unsigned)held, (unsigned)failures);
    ULONG closeFailures = close_all(handles, held);
    LONG again = open_and_close_again();
    pool_usage(&totalAfter, &registryAfter);
    printf("kb179827: registry pool %u bytes before, %u after; all pool %u before, %u after\n",
           (unsigned)registryBefore, (unsigned)registryAfter, (unsigned)totalBefore, (unsigned)totalAfter);
    free(handles);
    if (closeFailures || again != ERROR_SUCCESS) {
        printf("kb179827: result: %u closes failed, reopen error %ld\n", (unsigned)closeFailures, (long)again);
        return 2;
    }
    if (registryAfter != registryBefore) {
        printf("kb179827: result: the registry's pool did not return to its starting size\n");
        return 1;
    }
    printf("kb179827: result: the system survived; every open and close succeeded or failed cleanly\n");
    return 0;
}
