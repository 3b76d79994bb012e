/*
 * scfuzz [-s SEED] [-n ITERATIONS] [-v]: a trinity-style system-call fuzzer. Each iteration calls one
 * service of services.h with arguments shaped for it (shapes.c, values.c) -- real handles, flags with
 * a bit flipped, bad, straddling and read-only pointers -- or int 0x2E directly with a random service
 * number and argument pointer. It names the call BEFORE making it (every 64th call, every call with
 * -v), so the last line before a STOP names the call that killed the kernel. No input may do that:
 * every call must fail or succeed. The fuzzing runs in a child process (-c), so the parent can report
 * how the child ended and the kernel pool used before and after it, once the child's handles are gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scfuzz.h"
#include "toolhelp.h"

#define LOG_EVERY 64

typedef struct _OPTIONS {
    ULONG Seed;
    ULONG Iterations;
    BOOLEAN Verbose;
    BOOLEAN Child;
} OPTIONS;

static ULONG Failed, Succeeded;

static BOOLEAN parse_options(int argc, char **argv, OPTIONS *o)
{
    o->Seed = 1;
    o->Iterations = 1000;
    o->Verbose = o->Child = FALSE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            o->Verbose = TRUE;
        else if (strcmp(argv[i], "-c") == 0)
            o->Child = TRUE;
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc && RtlParseUlong(argv[i + 1], &o->Seed))
            i++;
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc && RtlParseUlong(argv[i + 1], &o->Iterations))
            i++;
        else
            return FALSE;
    }
    return TRUE;
}

static void tally(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        Succeeded++;
    else
        Failed++;
}

static void log_call(ULONG iteration, const char *name, const ULONG *a, int count, BOOLEAN show)
{
    char line[200];
    int n = RtlFormat(line, sizeof line, "#%u %s(", (unsigned)iteration, name);
    for (int i = 0; i < count && n < (int)sizeof line - 12; i++)
        n += RtlFormat(line + n, sizeof line - n, "%s%X", i ? "," : "", (unsigned)a[i]);
    if (show)
        printf("%s)\n", line);
}

static NTSTATUS raw_int2e(ULONG number, ULONG arguments)
{
    NTSTATUS status;
    __asm__ volatile("int $0x2E" : "=a"(status), "+d"(arguments) : "0"(number) : "ecx", "memory");
    return status;
}

/* int 0x2E with EAX and EDX of the fuzzer's choosing. */
static void fuzz_raw(ULONG iteration, BOOLEAN verbose)
{
    BOOLEAN inRange;
    ULONG a[2];
    a[0] = FuzzRawServiceNumber(&inRange);
    a[1] = inRange ? FuzzUnreadablePointer() : FuzzAnyPointer();
    log_call(iteration, "int2e", a, 2, verbose || iteration % LOG_EVERY == 0);
    NTSTATUS status = raw_int2e(a[0], a[1]);
    if (inRange ? status != STATUS_ACCESS_VIOLATION && FuzzServices[a[0]].ArgumentBytes
                : status != STATUS_INVALID_SYSTEM_SERVICE)
        printf("scfuzz: #%u int2e(%X,%X) returned 0x%08X\n", (unsigned)iteration, (unsigned)a[0],
               (unsigned)a[1], (unsigned)status);
    tally(status);
}

static void fuzz_service(ULONG iteration, BOOLEAN verbose)
{
    int number = FuzzPickService();
    const FUZZ_SERVICE *service = &FuzzServices[number];
    int count = (int)(service->ArgumentBytes / 4);
    size_t shaped = strlen(service->Shape);
    ULONG a[12] = { 0 };
    for (int i = 0; i < count; i++)
        a[i] = FuzzArgument((size_t)i < shaped ? service->Shape[i] : '?', i);
    log_call(iteration, service->Name, a, count, verbose || iteration % LOG_EVERY == 0);
    NTSTATUS status = NtRawSystemCall((ULONG)number, a);
    if (NT_SUCCESS(status))
        FuzzHarvest();
    else
        FuzzForgetSlots();
    if (number == SVC_Close && NT_SUCCESS(status))
        FuzzClosed((HANDLE)a[0]);
    if (verbose)
        printf("  -> 0x%08X\n", (unsigned)status);
    tally(status);
}

static int fuzz(const OPTIONS *o)
{
    FuzzSeed(o->Seed);
    FuzzShapeServices();
    FuzzSetup();
    for (ULONG i = 0; i < o->Iterations; i++) {
        if (FuzzBelow(8) == 0)
            fuzz_raw(i, o->Verbose);
        else
            fuzz_service(i, o->Verbose);
    }
    printf("scfuzz: %u iterations [F:%u S:%u]\n", (unsigned)o->Iterations, (unsigned)Failed,
           (unsigned)Succeeded);
    return 0;
}

static ULONG pool_bytes(SYSTEM_POOL_TAG **tags, ULONG *count)
{
    ULONG length, bytes = 0;
    NTSTATUS status;
    *tags = QuerySystemInformation(SystemPoolTagInformation, &length, &status);
    *count = *tags ? length / sizeof **tags : 0;
    for (ULONG i = 0; i < *count; i++)
        bytes += (*tags)[i].BytesInUse;
    return bytes;
}

static ULONG tag_bytes(const SYSTEM_POOL_TAG *tags, ULONG count, ULONG tag)
{
    for (ULONG i = 0; i < count; i++)
        if (tags[i].Tag == tag)
            return tags[i].BytesInUse;
    return 0;
}

/* The pool tags that hold more after the child than before it. */
static void report_pool_growth(const SYSTEM_POOL_TAG *before, ULONG beforeCount, const SYSTEM_POOL_TAG *after,
                               ULONG afterCount)
{
    for (ULONG i = 0; i < afterCount; i++) {
        ULONG was = tag_bytes(before, beforeCount, after[i].Tag);
        if (after[i].BytesInUse > was)
            printf("scfuzz: pool tag %.4s +%u bytes\n", (const char *)&after[i].Tag,
                   (unsigned)(after[i].BytesInUse - was));
    }
}

static int run_child(int argc, char **argv)
{
    char line[PROCESS_COMMAND_LINE_SIZE];
    int n = RtlFormat(line, sizeof line, "scfuzz -c");
    for (int i = 1; i < argc && n < (int)sizeof line; i++)
        n += RtlFormat(line + n, sizeof line - n, " %s", argv[i]);
    SYSTEM_POOL_TAG *before, *after;
    ULONG beforeCount, afterCount;
    ULONG beforeBytes = pool_bytes(&before, &beforeCount);
    PROCESS_INFORMATION child;
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &child)) {
        printf("scfuzz: cannot start \"%s\": error %u\n", line, (unsigned)GetLastError());
        return 1;
    }
    DWORD exitCode;
    WaitForSingleObject(child.hProcess, INFINITE);
    GetExitCodeProcess(child.hProcess, &exitCode);
    CloseHandle(child.hProcess);
    CloseHandle(child.hThread);
    ULONG afterBytes = pool_bytes(&after, &afterCount);
    printf("scfuzz: child exited with status 0x%08X\n", (unsigned)exitCode);
    printf("scfuzz: pool bytes before=%u after=%u\n", (unsigned)beforeBytes, (unsigned)afterBytes);
    if (before && after)
        report_pool_growth(before, beforeCount, after, afterCount);
    return exitCode == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    OPTIONS o;
    if (!parse_options(argc, argv, &o)) {
        printf("usage: scfuzz [-s SEED] [-n ITERATIONS] [-v]\n");
        return 1;
    }
    return o.Child ? fuzz(&o) : run_child(argc, argv);
}
