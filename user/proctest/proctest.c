/*
 * Functional tests of processes and threads through kernel32: `proctest all` runs every case and
 * prints one `proctest CASE: PASS` or `proctest CASE: FAIL why` line each, exiting with the number of
 * failures. The other modes are the children the cases start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "windows.h"

#define REMOTE_EVENT "proctest-remote"
#define CHILD_EVENT  "proctest-child"

static int failures;

static void result(const char *name, int ok, const char *why)
{
    if (ok)
        printf("proctest %s: PASS\n", name);
    else
        printf("proctest %s: FAIL %s (error %u)\n", name, why, GetLastError());
    failures += !ok;
}

static ULONG handle_count(void)
{
    ULONG count = 0;
    NtQueryInformationProcess(NtCurrentProcess(), ProcessHandleCount, &count, sizeof count, NULL);
    return count;
}

static BOOL run(const char *commandLine, BOOL inherit, DWORD flags, PROCESS_INFORMATION *pi)
{
    char line[128];
    RtlCopyString(line, commandLine, sizeof line);
    return CreateProcessA(NULL, line, NULL, NULL, inherit, flags, NULL, NULL, NULL, pi);
}

static DWORD wait_exit_code(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xDEAD;
    if (WaitForSingleObject(pi->hProcess, 10000) == WAIT_OBJECT_0)
        GetExitCodeProcess(pi->hProcess, &code);
    CloseHandle(pi->hThread);
    CloseHandle(pi->hProcess);
    return code;
}

static void test_spawn(void)
{
    PROCESS_INFORMATION pi;
    ULONG before = handle_count();
    if (!run("hello -exit 42", FALSE, 0, &pi))
        return result("spawn", 0, "CreateProcess failed");
    DWORD code = wait_exit_code(&pi);
    result("spawn", code == 42 && handle_count() == before, "exit code or handle count wrong");
}

static void test_missing(void)
{
    PROCESS_INFORMATION pi;
    result("missing", !run("nosuchprogram", FALSE, 0, &pi) && GetLastError() == ERROR_FILE_NOT_FOUND,
           "CreateProcess of a missing program did not fail with ERROR_FILE_NOT_FOUND");
}

static volatile LONG counter;

static DWORD worker(LPVOID parameter)
{
    __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
    Sleep(20);
    return (DWORD)parameter * 10;
}

static void test_threads(void)
{
    HANDLE threads[4];
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, worker, (LPVOID)(i + 1), 0, NULL);
    for (int i = 0; i < 4; i++)
        if (!threads[i])
            return result("threads", 0, "CreateThread failed");
    DWORD wait = WaitForMultipleObjects(4, threads, TRUE, 10000);
    BOOL ok = wait == WAIT_OBJECT_0 && counter == 4;
    for (int i = 0; i < 4; i++) {
        DWORD code = 0;
        ok = ok && GetExitCodeThread(threads[i], &code) && code == (DWORD)(i + 1) * 10;
        CloseHandle(threads[i]);
    }
    result("threads", ok, "wait or exit codes wrong");
}

static void test_suspended(void)
{
    counter = 0;
    HANDLE thread = CreateThread(NULL, 0, worker, (LPVOID)7, CREATE_SUSPENDED, NULL);
    Sleep(50);
    BOOL ranEarly = counter != 0;
    BOOL ok = thread && ResumeThread(thread) == 1 && WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0;
    result("suspended", ok && !ranEarly && counter == 1, "suspended thread ran early or never");
    CloseHandle(thread);
}

/* Runs in the child, started by the parent's CreateRemoteThread (same image, same address). */
static DWORD remote_routine(LPVOID parameter)
{
    HANDLE event = OpenEventA(EVENT_ALL_ACCESS, FALSE, REMOTE_EVENT);
    SetEvent(event);
    CloseHandle(event);
    return (DWORD)parameter;
}

static void test_remote(void)
{
    PROCESS_INFORMATION pi;
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, REMOTE_EVENT);
    if (!event || !run("proctest sleep", FALSE, 0, &pi))
        return result("remote", 0, "event or child creation failed");
    HANDLE thread = CreateRemoteThread(pi.hProcess, NULL, 0, remote_routine, (LPVOID)77, 0, NULL);
    BOOL ok = thread && WaitForSingleObject(event, 10000) == WAIT_OBJECT_0 &&
              WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0;
    DWORD code = 0;
    ok = ok && GetExitCodeThread(thread, &code) && code == 77;
    TerminateProcess(pi.hProcess, 5);
    ok = ok && wait_exit_code(&pi) == 5;
    CloseHandle(thread);
    CloseHandle(event);
    result("remote", ok, "remote thread did not run in the child");
}

static void test_remote_detached(void)
{
    PROCESS_INFORMATION pi;
    if (!run("proctest sleep", FALSE, DETACHED_PROCESS, &pi))
        return result("remote-detached", 0, "child creation failed");
    HANDLE thread = CreateRemoteThread(pi.hProcess, NULL, 0, remote_routine, NULL, 0, NULL);
    BOOL ok = thread == NULL && GetLastError() == ERROR_INVALID_HANDLE;
    TerminateProcess(pi.hProcess, 0);
    wait_exit_code(&pi);
    result("remote-detached", ok, "CreateRemoteThread into a detached process did not fail");
}

static void test_duplicate(void)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL), copy = NULL;
    BOOL ok = event && DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &copy, 0, FALSE,
                                       DUPLICATE_SAME_ACCESS);
    ok = ok && copy != event && SetEvent(copy) && WaitForSingleObject(event, 0) == WAIT_OBJECT_0;
    ok = ok && CloseHandle(copy) && !CloseHandle(copy) && GetLastError() == ERROR_INVALID_HANDLE;
    CloseHandle(event);
    result("duplicate", ok, "duplicated handle did not name the same event");
}

static void test_inherit(void)
{
    PROCESS_INFORMATION pi;
    char line[64];
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL), inheritable = NULL;
    BOOL ok = event && DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &inheritable, 0, TRUE,
                                       DUPLICATE_SAME_ACCESS);
    snprintf(line, sizeof line, "proctest set %u", (ULONG)inheritable);
    ok = ok && run(line, TRUE, 0, &pi);
    ok = ok && wait_exit_code(&pi) == 0 && WaitForSingleObject(event, 0) == WAIT_OBJECT_0;
    CloseHandle(inheritable);
    CloseHandle(event);
    result("inherit", ok, "the child could not set the inherited event");
}

static void test_not_inherited(void)
{
    PROCESS_INFORMATION pi;
    char line[64];
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    snprintf(line, sizeof line, "proctest set %u", (ULONG)event);
    BOOL ok = event && run(line, TRUE, 0, &pi) && wait_exit_code(&pi) == ERROR_INVALID_HANDLE;
    CloseHandle(event);
    result("not-inherited", ok, "a non-inheritable handle reached the child");
}

static void test_memory(void)
{
    char *p = VirtualAlloc(NULL, 3 * 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    BOOL ok = p != NULL && p[5000] == 0;
    if (ok) {
        memset(p, 0x5A, 3 * 4096);
        DWORD old = 0;
        ok = VirtualProtect(p, 4096, PAGE_READONLY, &old) && old == PAGE_READWRITE && p[100] == 0x5A;
        ok = ok && VirtualFree(p, 0, MEM_RELEASE) && !VirtualFree(p, 0, MEM_RELEASE);
    }
    char *blocks[50];
    for (int i = 0; i < 50; i++) {
        blocks[i] = malloc(100 + i * 37);
        ok = ok && blocks[i];
        if (blocks[i])
            memset(blocks[i], i, 100 + i * 37);
    }
    for (int i = 0; i < 50; i++) {
        ok = ok && (unsigned char)blocks[i][99] == i;
        free(blocks[i]);
    }
    result("memory", ok, "VirtualAlloc/VirtualProtect/VirtualFree or malloc misbehaved");
}

static ULONG event_pool_bytes(void)
{
    static SYSTEM_POOL_TAG tags[64];
    ULONG length = 0;
    if (!NT_SUCCESS(NtQuerySystemInformation(SystemPoolTagInformation, tags, sizeof tags, &length)))
        return 0xFFFFFFFF;
    for (ULONG i = 0; i < length / sizeof tags[0]; i++)
        if (tags[i].Tag == ('E' | 'v' << 8 | 'e' << 16 | 'n' << 24))
            return tags[i].BytesInUse;
    return 0;
}

static void test_sweep(void)
{
    PROCESS_INFORMATION pi;
    ULONG before = event_pool_bytes();
    BOOL ok = run("proctest leak 2000", FALSE, 0, &pi) && wait_exit_code(&pi) == 2000;
    ULONG after = event_pool_bytes();
    printf("proctest sweep: event pool bytes before=%u after=%u\n", before, after);
    result("sweep", ok && before == after, "handles of an exited process were not all closed");
}

static void test_terminate_busy(void)
{
    PROCESS_INFORMATION pi;
    if (!run("proctest spin", FALSE, 0, &pi))
        return result("terminate-busy", 0, "child creation failed");
    Sleep(100);
    BOOL ok = TerminateProcess(pi.hProcess, 0x1234);
    result("terminate-busy", ok && wait_exit_code(&pi) == 0x1234, "a spinning process did not end");
}

static void test_exit_with_threads(void)
{
    PROCESS_INFORMATION pi;
    BOOL ok = run("proctest blocked-thread", FALSE, 0, &pi) && wait_exit_code(&pi) == 3;
    result("exit-with-threads", ok, "ExitProcess did not end a thread blocked in a wait");
}

static DWORD blocked(LPVOID event)
{
    return WaitForSingleObject(event, INFINITE);
}

static int child(int argc, char **argv)
{
    if (strcmp(argv[1], "spin") == 0)
        for (volatile int i = 0;; i++)
            ;
    if (strcmp(argv[1], "blocked-thread") == 0) {
        HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
        CreateThread(NULL, 0, blocked, event, 0, NULL);
        Sleep(50);
        return 3;
    }
    if (strcmp(argv[1], "sleep") == 0) {
        Sleep(20000);
        return 1;
    }
    if (strcmp(argv[1], "set") == 0 && argc > 2)
        return SetEvent((HANDLE)strtoul(argv[2], NULL, 10)) ? 0 : (int)GetLastError();
    if (strcmp(argv[1], "leak") == 0 && argc > 2) {
        int n = atoi(argv[2]), made = 0;
        for (int i = 0; i < n; i++)
            made += CreateEventA(NULL, FALSE, FALSE, NULL) != NULL;
        return made;
    }
    printf("usage: proctest all\n");
    return 100;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "all") != 0)
        return child(argc, argv);
    test_spawn();
    test_missing();
    test_threads();
    test_suspended();
    test_remote();
    test_remote_detached();
    test_duplicate();
    test_inherit();
    test_not_inherited();
    test_memory();
    test_sweep();
    test_terminate_busy();
    test_exit_with_threads();
    printf("proctest: %d failure(s)\n", failures);
    return failures;
}
