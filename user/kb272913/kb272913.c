/*
 * KB Q272913, "CreateRemoteThread may leak a handle": `kb272913 N [-wait]` starts a child process
 * without an environment-subsystem connection (DETACHED_PROCESS), so registering a remote thread
 * with the subsystem -- CreateRemoteThread's late step -- fails every time. It calls
 * CreateRemoteThread N times and shows this process's handle count (Performance Monitor's Handle
 * Count) and the pool held by thread objects before and after. RTM kernel32 leaks one thread handle
 * per call; SP closes it. With -wait it waits for Enter so `tlist` and `handle` can look. Exit status:
 * 1 if handles leaked, 0 if not, 2 if the demonstration could not run.
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

int main(int argc, char **argv)
{
    PROCESS_INFORMATION child;
    char line[] = "kb272913 -child";
    if (argc > 1 && strcmp(argv[1], "-child") == 0) {
        Sleep(INFINITE);
        return 0;
    }
    int n = argc > 1 ? atoi(argv[1]) : 10;
    BOOL wait = argc > 2 && strcmp(argv[2], "-wait") == 0;
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
    printf("kb272913: before=%u after=%u leaked=%d\n", before, after, (int)(after - before));
    if (wait) {
        char key[8];
        printf("kb272913: press Enter to exit\n");
        gets_s(key, sizeof key);
    }
    TerminateProcess(child.hProcess, 0);
    CloseHandle(child.hThread);
    CloseHandle(child.hProcess);
    return failed != n ? 2 : after != before;
}
