/*
 * Robustness of the system service interface, in the spirit of Pintos' tests: bad pointers (NULL,
 * kernel addresses, unmapped, straddling into an unmapped page), bad, closed and wrong-type handles,
 * access denied, bad service numbers, and a bad user stack pointer at the system call. Each call must
 * fail with the right status -- never take the kernel down. Prints one line per case and exits with
 * the number of failures.
 */
#include <stdio.h>
#include <string.h>
#include "windows.h"

/* Service numbers, from the table the stubs are generated from. */
enum {
#define SERVICE(name, bytes) SVC_##name,
#include "services.h"
#undef SERVICE
    SVC_COUNT
};

#define KERNEL_ADDRESS   ((void *)0x80100000)
#define UNMAPPED_ADDRESS ((void *)0x10000000)

static int failures;
static char *edge;              /* the last 16 bytes of a page whose successor is unmapped */

static void expect(const char *name, NTSTATUS got, NTSTATUS want)
{
    printf("badcalls %s: %s (0x%08X)\n", name, got == want ? "PASS" : "FAIL", (ULONG)got);
    if (got != want)
        printf("badcalls %s: expected 0x%08X\n", name, (ULONG)want);
    failures += got != want;
}

/* int 0x2E with ESP (and so EDX) pointing at `stack`; the real stack pointer is kept in ESI. */
static NTSTATUS call_with_stack(ULONG number, void *stack)
{
    NTSTATUS status;
    __asm__ volatile("movl %%esp, %%esi\n\t"
                     "movl %2, %%esp\n\t"
                     "leal 4(%%esp), %%edx\n\t"
                     "int $0x2E\n\t"
                     "movl %%esi, %%esp"
                     : "=a"(status) : "0"(number), "r"(stack) : "esi", "edx", "memory");
    return status;
}

static void service_numbers(void)
{
    ULONG arguments[12] = { 0 };
    expect("service-number-huge", NtRawSystemCall(0x1000, arguments), STATUS_INVALID_SYSTEM_SERVICE);
    expect("service-number-negative", NtRawSystemCall(0xFFFFFFFF, arguments), STATUS_INVALID_SYSTEM_SERVICE);
    expect("service-number-table-end", NtRawSystemCall(SVC_COUNT, arguments), STATUS_INVALID_SYSTEM_SERVICE);
}

static void argument_blocks(void)
{
    expect("args-null", NtRawSystemCall(SVC_Close, NULL), STATUS_ACCESS_VIOLATION);
    expect("args-kernel", NtRawSystemCall(SVC_Close, KERNEL_ADDRESS), STATUS_ACCESS_VIOLATION);
    expect("args-unmapped", NtRawSystemCall(SVC_Close, UNMAPPED_ADDRESS), STATUS_ACCESS_VIOLATION);
    expect("args-straddling", NtRawSystemCall(SVC_WriteConsole /* 8 bytes */, edge + 12), STATUS_ACCESS_VIOLATION);
    expect("stack-kernel", call_with_stack(SVC_Close, KERNEL_ADDRESS), STATUS_ACCESS_VIOLATION);
    expect("stack-null", call_with_stack(SVC_Close, NULL), STATUS_ACCESS_VIOLATION);
    expect("stack-unmapped", call_with_stack(SVC_Close, UNMAPPED_ADDRESS), STATUS_ACCESS_VIOLATION);
}

static void pointers(void)
{
    PROCESS_BASIC_INFORMATION info;
    HANDLE h, threads[2] = { 0 };
    LARGE_INTEGER now = 0;
    ULONG size = 4096;
    expect("write-null", NtWriteConsole(NULL, 10), STATUS_ACCESS_VIOLATION);
    expect("write-kernel", NtWriteConsole(KERNEL_ADDRESS, 10), STATUS_ACCESS_VIOLATION);
    expect("write-unmapped", NtWriteConsole(UNMAPPED_ADDRESS, 10), STATUS_ACCESS_VIOLATION);
    expect("query-process-null", NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation, NULL,
                                                           sizeof info, NULL), STATUS_ACCESS_VIOLATION);
    expect("query-process-straddling", NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                                                 edge, sizeof info, NULL), STATUS_ACCESS_VIOLATION);
    expect("query-process-return-kernel", NtQueryInformationProcess(NtCurrentProcess(), ProcessBasicInformation,
                                                                    &info, sizeof info, KERNEL_ADDRESS),
           STATUS_ACCESS_VIOLATION);
    expect("create-event-handle-kernel", NtCreateEvent(KERNEL_ADDRESS, EVENT_ALL_ACCESS, NULL, 0, FALSE),
           STATUS_ACCESS_VIOLATION);
    expect("create-event-name-unmapped", NtCreateEvent(&h, EVENT_ALL_ACCESS, UNMAPPED_ADDRESS, 0, FALSE),
           STATUS_ACCESS_VIOLATION);
    expect("create-process-name-null", NtCreateProcess(&h, &h, NULL, "x", 0), STATUS_ACCESS_VIOLATION);
    expect("create-process-handle-kernel", NtCreateProcess(KERNEL_ADDRESS, &h, "hello", "hello", 0),
           STATUS_ACCESS_VIOLATION);
    expect("system-info-kernel", NtQuerySystemInformation(SystemProcessInformation, KERNEL_ADDRESS, 4096, NULL),
           STATUS_ACCESS_VIOLATION);
    expect("wait-multiple-null", NtWaitForMultipleObjects(2, NULL, WaitAny, FALSE, NULL), STATUS_ACCESS_VIOLATION);
    expect("wait-timeout-kernel", NtWaitForMultipleObjects(2, threads, WaitAny, FALSE, KERNEL_ADDRESS),
           STATUS_ACCESS_VIOLATION);
    expect("read-console-kernel", NtReadConsole(KERNEL_ADDRESS, 10, &size), STATUS_ACCESS_VIOLATION);
    expect("read-console-straddling", NtReadConsole(edge, 32, &size), STATUS_ACCESS_VIOLATION);
    expect("delay-null", NtDelayExecution(FALSE, NULL), STATUS_ACCESS_VIOLATION);
    expect("delay-ok", NtDelayExecution(FALSE, &now), STATUS_SUCCESS);
    expect("allocate-base-kernel", NtAllocateVirtualMemory(NtCurrentProcess(), KERNEL_ADDRESS, 0, &size,
                                                           MEM_COMMIT, PAGE_READWRITE), STATUS_ACCESS_VIOLATION);
    expect("version-straddling", NtQueryVersion(VersionBasicInformation, edge, sizeof(SERVPACK_VERSION), NULL),
           STATUS_ACCESS_VIOLATION);
}

static void handles(void)
{
    HANDLE event, weak, process;
    expect("close-null", NtClose(NULL), STATUS_INVALID_HANDLE);
    expect("close-garbage", NtClose((HANDLE)0x1234), STATUS_INVALID_HANDLE);
    expect("close-kernel-value", NtClose((HANDLE)0x80000004), STATUS_INVALID_HANDLE);
    expect("set-event-garbage", NtSetEvent((HANDLE)0x00FFFFF0, NULL), STATUS_INVALID_HANDLE);
    NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE);
    expect("wrong-type-set-process", NtSetEvent(NtCurrentProcess(), NULL), STATUS_OBJECT_TYPE_MISMATCH);
    expect("wrong-type-terminate-event", NtTerminateThread(event, 0), STATUS_OBJECT_TYPE_MISMATCH);
    expect("wrong-type-query-thread", NtQueryInformationProcess(NtCurrentThread(), ProcessHandleCount, &weak,
                                                                sizeof(ULONG), NULL), STATUS_OBJECT_TYPE_MISMATCH);
    expect("duplicate-query-only", NtDuplicateObject(NtCurrentProcess(), event, NtCurrentProcess(), &weak,
                                                     EVENT_QUERY_STATE, 0, 0), STATUS_SUCCESS);
    expect("access-denied-set", NtSetEvent(weak, NULL), STATUS_ACCESS_DENIED);
    expect("duplicate-sync-only", NtDuplicateObject(NtCurrentProcess(), NtCurrentProcess(), NtCurrentProcess(),
                                                    &process, SVC_SYNCHRONIZE, 0, 0), STATUS_SUCCESS);
    expect("access-denied-terminate", NtTerminateProcess(process, 9), STATUS_ACCESS_DENIED);
    expect("close-event", NtClose(event), STATUS_SUCCESS);
    expect("closed-handle-set", NtSetEvent(event, NULL), STATUS_INVALID_HANDLE);
    expect("closed-handle-close", NtClose(event), STATUS_INVALID_HANDLE);
    expect("weak-still-open", NtClose(weak), STATUS_SUCCESS);
    expect("process-handle-close", NtClose(process), STATUS_SUCCESS);
}

static void images(void)
{
    HANDLE process, thread;
    expect("image-corrupt", NtCreateProcess(&process, &thread, "corrupt", "corrupt", 0),
           STATUS_INVALID_IMAGE_FORMAT);
    expect("image-missing", NtCreateProcess(&process, &thread, "nosuchprogram", "x", 0),
           STATUS_OBJECT_NAME_NOT_FOUND);
    expect("create-bad-flags", NtCreateProcess(&process, &thread, "hello", "hello", 0x100),
           STATUS_INVALID_PARAMETER);
}

int main(void)
{
    char *page = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);
    if (!page) {
        printf("badcalls: VirtualAlloc failed\n");
        return 100;
    }
    edge = page + 4096 - 16;      /* regions are 64 KB apart, so the next page is unmapped */
    service_numbers();
    argument_blocks();
    pointers();
    handles();
    images();
    printf("badcalls: %d failure(s)\n", failures);
    return failures;
}
