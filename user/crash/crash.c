/* crash: makes the system or this process fail on purpose, like Sysinternals' NotMyFault.
   `crash TYPE` asks the crash driver (\\.\CrashDrv) to misbehave in kernel mode: a STOP screen.
   `crash -u TYPE` faults in user mode: only this process dies, with the matching NT status.
   `crash -u all` runs every user fault in a child process and checks each one's exit status.
   `crash` lists both menus; the kernel one is crashtypes.h's table. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "crashtypes.h"

static const struct { const char *Name; ULONG Code; const char *What; } KernelTypes[] = {
#define X(name, code, what) { #name, code, what },
    CRASH_TYPE_LIST(X)
#undef X
};

#define USER_TYPE_LIST(X)                                                           \
    X(null,       0xC0000005, "reads address 0")                                    \
    X(kernel,     0xC0000005, "reads kernel memory (0x80100000)")                   \
    X(write-code, 0xC0000005, "writes to its own code")                             \
    X(illegal,    0xC000001D, "executes ud2")                                       \
    X(divide,     0xC0000094, "divides by zero")                                    \
    X(int3,       0x80000003, "executes int 3 with no debugger")                    \
    X(privileged, 0xC0000096, "executes cli in user mode")

static const struct { const char *Name; ULONG Status; const char *What; } UserTypes[] = {
#define X(name, status, what) { #name, status, what },
    USER_TYPE_LIST(X)
#undef X
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static volatile int zero;

int main(int argc, char **argv);

static int usage(void)
{
    printf("usage: crash TYPE      the crash driver fails in kernel mode (STOP screen)\n"
           "       crash -u TYPE   this process faults in user mode\n"
           "       crash -u all    every user fault in a child process, PASS/FAIL each\n"
           "kernel types:\n");
    for (ULONG i = 0; i < COUNT(KernelTypes); i++)
        printf("  %-14s STOP 0x%08X  %s\n", KernelTypes[i].Name, (unsigned)KernelTypes[i].Code,
               KernelTypes[i].What);
    printf("user types:\n");
    for (ULONG i = 0; i < COUNT(UserTypes); i++)
        printf("  %-14s 0x%08X  %s\n", UserTypes[i].Name, (unsigned)UserTypes[i].Status, UserTypes[i].What);
    return 1;
}

/* Returns only for an unknown type. */
static void user_fault(const char *what)
{
    printf("crash: %s\n", what);
    if (strcmp(what, "null") == 0)
        zero = *(volatile int *)0;
    if (strcmp(what, "kernel") == 0)
        zero = *(volatile int *)0x80100000;
    if (strcmp(what, "write-code") == 0)
        *(volatile int *)main = 0;
    if (strcmp(what, "illegal") == 0)
        __asm__ volatile("ud2");
    if (strcmp(what, "divide") == 0) {
        unsigned quotient;      /* in assembly: the compiler may turn 1 / zero into a compare */
        __asm__ volatile("xorl %%edx, %%edx; divl %1" : "=a"(quotient) : "r"(zero), "0"(1u) : "edx");
        zero = (int)quotient;
    }
    if (strcmp(what, "int3") == 0)
        __asm__ volatile("int3");
    if (strcmp(what, "privileged") == 0)
        __asm__ volatile("cli");
}

static int all_user_faults(void)
{
    ULONG failed = 0;
    for (ULONG i = 0; i < COUNT(UserTypes); i++) {
        char line[64];
        PROCESS_INFORMATION pi;
        DWORD code = 0;
        snprintf(line, sizeof line, "crash -u %s", UserTypes[i].Name);
        BOOL ran = CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi);
        if (ran) {
            WaitForSingleObject(pi.hProcess, INFINITE);
            ran = GetExitCodeProcess(pi.hProcess, &code);
            CloseHandle(pi.hThread);
            CloseHandle(pi.hProcess);
        }
        BOOL pass = ran && code == UserTypes[i].Status;
        failed += !pass;
        printf("crash -u %-12s %s (exit status 0x%08X, expected 0x%08X)\n", UserTypes[i].Name,
               pass ? "PASS" : "FAIL", (unsigned)code, (unsigned)UserTypes[i].Status);
    }
    printf("crash -u all: %u passed, %u failed\n", (unsigned)(COUNT(UserTypes) - failed), (unsigned)failed);
    return failed ? 1 : 0;
}

static int kernel_fault(const char *what)
{
    ULONG type = 0;
    while (type < COUNT(KernelTypes) && strcmp(KernelTypes[type].Name, what) != 0)
        type++;
    if (type == COUNT(KernelTypes)) {
        printf("crash: unknown type '%s'\n", what);
        return usage();
    }
    HANDLE device = CreateFileA("\\\\.\\CrashDrv", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("crash: cannot open \\\\.\\CrashDrv: error %u\n", (unsigned)GetLastError());
        return 2;
    }
    printf("crash: asking crashdrv.sys for '%s' (expect STOP 0x%08X)\n", what, (unsigned)KernelTypes[type].Code);
    DWORD returned;
    BOOL ok = DeviceIoControl(device, IOCTL_CRASH_TRIGGER, &type, sizeof type, NULL, 0, &returned, NULL);
    printf("crash: the system survived '%s' (%s, error %u)\n", what, ok ? "succeeded" : "failed",
           (unsigned)GetLastError());
    CloseHandle(device);
    return 3;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "-u") != 0)
        return kernel_fault(argv[1]);
    if (argc < 3)
        return usage();
    if (strcmp(argv[2], "all") == 0)
        return all_user_faults();
    user_fault(argv[2]);
    printf("crash: unknown user type '%s'\n", argv[2]);
    return usage();
}
