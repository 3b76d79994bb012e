/*
 * `bench`: user-mode costs in TSC cycles, the median of many samples -- the null system call round trip
 * (NtYieldExecution with nothing else ready), handle create+close (CreateEvent + CloseHandle) and process
 * create+exit (CreateProcess of `bench -exit` + wait + close). One line per figure,
 * `bench NAME: N cycles`; tools/bench.py (make bench) converts them to nanoseconds with the TSC
 * frequency the kernel calibrated. Exit status 0, or 1 if a measured operation failed.
 */
#include <stdio.h>
#include <string.h>
#include "windows.h"

#define SAMPLES    101
#define BATCH      100           /* cheap operations are timed BATCH at a time */
#define PROCESSES  31

typedef BOOL (*OPERATION)(void);

static ULONGLONG tsc(void)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (ULONGLONG)high << 32 | low;
}

static BOOL null_call(void)
{
    return NT_SUCCESS(NtYieldExecution());
}

static BOOL event_create_close(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    return event && CloseHandle(event);
}

static BOOL process_create_exit(void)
{
    PROCESS_INFORMATION child;
    char line[] = "bench -exit";
    DWORD code = 1;
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &child))
        return FALSE;
    BOOL ok = WaitForSingleObject(child.hProcess, INFINITE) == WAIT_OBJECT_0 &&
              GetExitCodeProcess(child.hProcess, &code) && code == 0;
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
    return ok;
}

/* Median cycles per operation over `samples` timings of `batch` operations each; 0 if one failed. */
static ULONG measure(OPERATION operation, ULONG samples, ULONG batch)
{
    static ULONG cycles[SAMPLES];
    for (ULONG s = 0; s < samples; s++) {
        ULONGLONG start = tsc();
        for (ULONG i = 0; i < batch; i++)
            if (!operation())
                return 0;
        cycles[s] = (ULONG)((tsc() - start) / batch);
    }
    return RtlMedianUlong(cycles, samples);
}

static int report(const char *name, ULONG cycles)
{
    if (!cycles) {
        printf("bench %s: failed (error %u)\n", name, GetLastError());
        return 1;
    }
    printf("bench %s: %u cycles\n", name, cycles);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-exit") == 0)
        return 0;
    int failures = 0;
    failures += report("null_syscall", measure(null_call, SAMPLES, BATCH));
    failures += report("event_create_close", measure(event_create_close, SAMPLES, BATCH));
    failures += report("process_create_exit", measure(process_create_exit, PROCESSES, 1));
    return failures != 0;
}
