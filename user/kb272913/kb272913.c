/*
 * KB Q272913, "CreateRemoteThread may leak a handle": `kb272913 N [-show] [-wait]` starts a child
 * process without an environment-subsystem connection (DETACHED_PROCESS), so registering a remote
 * thread with the subsystem -- CreateRemoteThread's late step -- fails every time. It calls
 * CreateRemoteThread N times and shows this process's handle count (Performance Monitor's Handle
 * Count) and the pool held by thread objects before and after. RTM kernel32 leaks one thread handle
 * per call; SP closes it. -show runs `handle -p <this pid>`, `tlist` and `poolmon` while the leaked
 * handles are still open; -wait waits for Enter before exiting. Exit status: 0 nothing leaked (fixed), 1 exactly
 * N handles leaked (the bug), 2 the late step did not fail (no demonstration), 3 some other count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "windows.h"

#define THREAD_TAG ('T' | 'h' << 8 | 'r' << 16 | 'e' << 24)

static ULONG handle_count(void)
{
    ULONG count = 0;
    NtQueryInformationProcess(NtCurrentProcess(), ProcessHandleCount, &count, sizeof count, NULL);
    return count;
}

static ULONG thread_pool_bytes(void)
{
    static SYSTEM_POOL_TAG tags[64];
    ULONG length = 0;
    if (!NT_SUCCESS(NtQuerySystemInformation(SystemPoolTagInformation, tags, sizeof tags, &length)))
        return 0;
    for (ULONG i = 0; i < length / sizeof tags[0]; i++)
        if (tags[i].Tag == THREAD_TAG)
            return tags[i].BytesInUse;
    return 0;
}

static DWORD never_runs(LPVOID parameter)
{
    return 0;
}

/* Runs one of the inspection tools (user/handle, user/tlist, user/poolmon) and waits for it. */
static void run_tool(char *commandLine)
{
    PROCESS_INFORMATION tool;
    printf("kb272913: > %s\n", commandLine);
    if (!CreateProcessA(NULL, commandLine, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &tool)) {
        printf("kb272913: cannot run %s (error %u)\n", commandLine, GetLastError());
        return;
    }
    WaitForSingleObject(tool.hProcess, INFINITE);
    CloseHandle(tool.hThread);
    CloseHandle(tool.hProcess);
}

static void show_leak(void)
{
    char line[32];
    snprintf(line, sizeof line, "handle -p %u", GetCurrentProcessId());
    run_tool(line);
    strcpy(line, "tlist");
    run_tool(line);
    strcpy(line, "poolmon");
    run_tool(line);
}

static int verdict(int n, int failed, long leaked)
{
    if (failed != n)
        return 2;
    return leaked == 0 ? 0 : leaked == n ? 1 : 3;
}

static BOOL has_option(int argc, char **argv, const char *option)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], option) == 0)
            return TRUE;
    return FALSE;
}

int main(int argc, char **argv)
{
    PROCESS_INFORMATION child;
    char line[] = "kb272913 -child";
    if (argc > 1 && strcmp(argv[1], "-child") == 0) {
        Sleep(INFINITE);
        return 0;
    }
    int n = argc > 1 ? atoi(argv[1]) : 10;
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, DETACHED_PROCESS, NULL, NULL, NULL, &child)) {
        printf("kb272913: cannot start the target process (error %u)\n", GetLastError());
        return 2;
    }
    ULONG before = handle_count(), poolBefore = thread_pool_bytes();
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed += CreateRemoteThread(child.hProcess, NULL, 0, never_runs, NULL, 0, NULL) == NULL;
    Sleep(200);                 /* lets the threads that did end be reaped before counting */
    ULONG after = handle_count(), poolAfter = thread_pool_bytes();
    printf("kb272913: %d of %d CreateRemoteThread calls failed (last error %u)\n", failed, n, GetLastError());
    printf("kb272913: thread object pool bytes before=%u after=%u\n", poolBefore, poolAfter);
    if (has_option(argc, argv, "-show"))
        show_leak();
    printf("kb272913: before=%u after=%u leaked=%d\n", before, after, (int)(after - before));
    if (has_option(argc, argv, "-wait")) {
        char key[8];
        printf("kb272913: the handles stay open until you press Enter\n");
        gets_s(key, sizeof key);
    }
    TerminateProcess(child.hProcess, 0);
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
    return verdict(n, failed, (long)after - (long)before);
}
