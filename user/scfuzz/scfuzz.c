/*
 * scfuzz [-s SEED] [-n ITERATIONS] [-t THREADS] [-v]: a trinity-style system-call fuzzer. Each
 * iteration calls one service of services.h with arguments shaped for it (shapes.c, values.c) -- real
 * handles, flags with a bit flipped, bad, straddling and read-only pointers -- or int 0x2E directly
 * with a random service number and argument pointer. It names the call BEFORE making it (every 64th
 * call, every call with -v), so the last line before a STOP names the call that killed the kernel.
 * No input may do that: every call must fail or succeed. The fuzzing runs in a child process (-c), so
 * the parent can report how the child ended and the kernel pool used before and after it, once the
 * child's handles are gone. With -t, THREADS threads share the iterations, so calls race each other
 * (one closes a handle while another uses it); the run is then no longer exactly repeatable.
 */
#include <stdio.h>
#include <string.h>
#include "scfuzz.h"
#include "toolhelp.h"

#define LOG_EVERY 64
#define REFRESH_EVERY 2048          /* iterations between fresh handles of every type */

typedef struct _OPTIONS {
    ULONG Seed;
    ULONG Iterations;
    ULONG Threads;
    BOOLEAN Verbose;
    BOOLEAN Child;
} OPTIONS;

static OPTIONS Options;
static volatile ULONG Failed, Succeeded;
static volatile ULONG NextIteration, ThreadsDone;
static volatile ULONG Calls[SVC_COUNT], Successes[SVC_COUNT];    /* per service: how deep it got */

static BOOLEAN parse_options(int argc, char **argv, OPTIONS *o)
{
    o->Seed = 1;
    o->Iterations = 1000;
    o->Threads = 1;
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
        else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc && RtlParseUlong(argv[i + 1], &o->Threads) &&
                 o->Threads >= 1 && o->Threads <= 16)
            i++;
        else
            return FALSE;
    }
    return TRUE;
}

static void tally(NTSTATUS status)
{
    if (NT_SUCCESS(status))
        __sync_fetch_and_add(&Succeeded, 1);
    else
        __sync_fetch_and_add(&Failed, 1);
}

static void log_call(ULONG iteration, const char *name, const ULONG *a, int count, BOOLEAN show)
{
    char line[200];
    if (!show)
        return;
    int n = RtlFormat(line, sizeof line, "#%u %s(", (unsigned)iteration, name);
    for (int i = 0; i < count && n < (int)sizeof line - 12; i++)
        n += RtlFormat(line + n, sizeof line - n, "%s%X", i ? "," : "", (unsigned)a[i]);
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
    __sync_fetch_and_add(&Calls[number], 1);
    if (NT_SUCCESS(status))
        __sync_fetch_and_add(&Successes[number], 1);
    tally(status);
}

/* Coverage, as a fuzzer's figure of merit: the services that never once succeeded were only ever
   exercised on their error paths. */
static void report_coverage(void)
{
    int called = 0, succeeded = 0;
    char never[400] = "";
    size_t n = 0;
    for (int i = 0; i < SVC_COUNT; i++) {
        called += Calls[i] != 0;
        succeeded += Successes[i] != 0;
        if (Calls[i] && !Successes[i] && n + strlen(FuzzServices[i].Name) + 2 < sizeof never)
            n += (size_t)RtlFormat(never + n, sizeof never - n, " %s", FuzzServices[i].Name);
    }
    printf("scfuzz: %d of %d services called, %d succeeded at least once; never:%s\n", called, SVC_COUNT,
           succeeded, n ? never : " none");
}

/* Each thread takes the next iteration number until there are none left. */
static DWORD WINAPI fuzz_thread(LPVOID unused)
{
    ULONG i;
    while ((i = __sync_fetch_and_add(&NextIteration, 1)) < Options.Iterations) {
        if (i % REFRESH_EVERY == REFRESH_EVERY - 1)
            FuzzRefreshHandles();
        if (FuzzBelow(8) == 0)
            fuzz_raw(i, Options.Verbose);
        else
            fuzz_service(i, Options.Verbose);
    }
    __sync_fetch_and_add(&ThreadsDone, 1);
    return (DWORD)(ULONG_PTR)unused;
}

static int fuzz(void)
{
    FuzzSeed(Options.Seed);
    FuzzShapeServices();
    FuzzSetup();
    for (ULONG t = 1; t < Options.Threads; t++)
        if (!CreateThread(NULL, 0, fuzz_thread, NULL, 0, NULL))
            __sync_fetch_and_add(&ThreadsDone, 1);
    fuzz_thread(NULL);
    while (ThreadsDone < Options.Threads)      /* not a wait on their handles: the fuzzing may close them */
        Sleep(10);
    report_coverage();
    printf("scfuzz: %u iterations [F:%u S:%u]\n", (unsigned)Options.Iterations, (unsigned)Failed,
           (unsigned)Succeeded);
    return 0;
}

#define MAX_OWN_HANDLES 256
#define REGISTRY_TAG ('C' | 'M' << 8 | ' ' << 16 | (ULONG)' ' << 24)   /* hive cells: the child's keys stay */

typedef struct _SNAPSHOT {
    SYSTEM_POOL_TAG *Tags;
    ULONG TagCount;
    ULONG OwnHandles[MAX_OWN_HANDLES]; /* this process's handle values */
    ULONG OwnCount;
    ULONG OtherHandles;                /* handles of every other process, the System's table included */
    ULONG OwnThreads;
} SNAPSHOT;

static void take_snapshot(SNAPSHOT *snap)
{
    ULONG length;
    NTSTATUS status;
    SYSTEM_HANDLE_ENTRY *handles = QuerySystemInformation(SystemHandleInformation, &length, &status);
    ULONG count = handles ? length / sizeof *handles : 0;
    snap->OwnCount = snap->OtherHandles = 0;
    for (ULONG i = 0; i < count; i++) {
        if (handles[i].UniqueProcessId != GetCurrentProcessId())
            snap->OtherHandles++;
        else if (snap->OwnCount < MAX_OWN_HANDLES)
            snap->OwnHandles[snap->OwnCount++] = handles[i].HandleValue;
    }
    if (handles)
        FreeSystemInformation(handles);
    SYSTEM_PROCESS_INFORMATION *processes = QuerySystemInformation(SystemProcessInformation, &length, &status);
    snap->OwnThreads = 0;
    for (ULONG i = 0; processes && i < length / sizeof *processes; i++)
        if (processes[i].UniqueProcessId == GetCurrentProcessId())
            snap->OwnThreads = processes[i].NumberOfThreads;
    if (processes)
        FreeSystemInformation(processes);
    snap->Tags = QuerySystemInformation(SystemPoolTagInformation, &length, &status);
    snap->TagCount = snap->Tags ? length / sizeof *snap->Tags : 0;
}

static const SYSTEM_POOL_TAG *find_tag(const SNAPSHOT *snap, ULONG tag)
{
    for (ULONG i = 0; i < snap->TagCount; i++)
        if (snap->Tags[i].Tag == tag)
            return &snap->Tags[i];
    return NULL;
}

static LONG bytes_of(const SYSTEM_POOL_TAG *t)
{
    return t ? (LONG)t->BytesInUse : 0;
}

static BOOLEAN held_before(const SNAPSHOT *before, ULONG handle)
{
    for (ULONG i = 0; i < before->OwnCount; i++)
        if (before->OwnHandles[i] == handle)
            return TRUE;
    return FALSE;
}

/* The child may have duplicated handles into this process (it can open its parent): close them,
   so that what they hold is not counted as a leak. Returns how many there were. */
static ULONG close_handles_left_here(const SNAPSHOT *before)
{
    SNAPSHOT now;
    ULONG closed = 0;
    take_snapshot(&now);
    for (ULONG i = 0; i < now.OwnCount; i++)
        if (!held_before(before, now.OwnHandles[i]))
            closed += NT_SUCCESS(NtClose((HANDLE)now.OwnHandles[i]));
    FreeSystemInformation(now.Tags);
    return closed;
}

/* Pool per tag after the child minus before it. The registry's growth is not a leak: the keys and
   values the child made are still there. The rest should be zero unless the child left handles in
   other processes (the System's table included) or threads in this one (it can open its parent). */
static void report_pool(const SNAPSHOT *before, const SNAPSHOT *after)
{
    LONG total = 0, outsideRegistry = 0;
    for (ULONG i = 0; i < after->TagCount; i++) {
        const SYSTEM_POOL_TAG *t = &after->Tags[i];
        LONG grew = bytes_of(t) - bytes_of(find_tag(before, t->Tag));
        if (grew)
            printf("scfuzz: pool tag %.4s %s%d bytes\n", (const char *)&t->Tag, grew > 0 ? "+" : "", (int)grew);
        total += grew;
        outsideRegistry += t->Tag == REGISTRY_TAG ? 0 : grew;
    }
    for (ULONG i = 0; i < before->TagCount; i++)
        if (!find_tag(after, before->Tags[i].Tag))
            outsideRegistry -= bytes_of(&before->Tags[i]);
    printf("scfuzz: the child left %d handles in other processes, %d threads in this one\n",
           (int)(after->OtherHandles - before->OtherHandles), (int)(after->OwnThreads - before->OwnThreads));
    printf("scfuzz: pool growth %d bytes, %d outside the registry\n", (int)total, (int)outsideRegistry);
}

static BOOLEAN run_and_wait(const char *line, DWORD *exitCode)
{
    PROCESS_INFORMATION child;
    if (!CreateProcessA(NULL, (LPSTR)line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &child)) {
        printf("scfuzz: cannot start \"%s\": error %u\n", line, (unsigned)GetLastError());
        return FALSE;
    }
    WaitForSingleObject(child.hProcess, INFINITE);
    GetExitCodeProcess(child.hProcess, exitCode);
    CloseHandle(child.hProcess);
    CloseHandle(child.hThread);
    return TRUE;
}

/* A first child with no iterations makes what is made once (this process's handle table, the
   fuzzer's registry key, ...) before the pool is measured around the real one. A child that dies
   (a fault ends the process; the fuzzer cannot catch it) is run again with -v: the same seed makes
   the same calls, and now each is printed before it is made, so the log ends at the fatal one. */
static int run_child(int argc, char **argv)
{
    char line[PROCESS_COMMAND_LINE_SIZE];
    int n = RtlFormat(line, sizeof line, "scfuzz -c");
    for (int i = 1; i < argc && n < (int)sizeof line; i++)
        n += RtlFormat(line + n, sizeof line - n, " %s", argv[i]);
    DWORD exitCode;
    SNAPSHOT before, after;
    if (!run_and_wait("scfuzz -c -n 0", &exitCode))
        return 1;
    take_snapshot(&before);
    if (!run_and_wait(line, &exitCode))
        return 1;
    printf("scfuzz: child exited with status 0x%08X\n", (unsigned)exitCode);
    if (exitCode != 0 && !strstr(line, " -v") && n + 4 < (int)sizeof line) {
        printf("scfuzz: running it again with -v to show the calls before it died\n");
        strcat(line, " -v");
        run_and_wait(line, &exitCode);
    }
    printf("scfuzz: closed %u handles the child left in this process\n", (unsigned)close_handles_left_here(&before));
    take_snapshot(&after);
    if (before.Tags && after.Tags)
        report_pool(&before, &after);
    return exitCode == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (!parse_options(argc, argv, &Options)) {
        printf("usage: scfuzz [-s SEED] [-n ITERATIONS] [-t THREADS] [-v]\n");
        return 1;
    }
    return Options.Child ? fuzz() : run_child(argc, argv);
}
