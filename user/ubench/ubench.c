/* User-mode benchmarks in TSC cycles: the null system call round trip (NtYieldExecution with nothing
   else ready), an event handle create+close, and a process create+exit+wait. */
#include <stdio.h>
#include <string.h>
#include "windows.h"

#define SYSCALL_ROUNDS 10000
#define HANDLE_ROUNDS  2000
#define PROCESS_ROUNDS 20

static ULONGLONG rdtsc(void)
{
    ULONG low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return (ULONGLONG)high << 32 | low;
}

static ULONG per_round(ULONGLONG start, ULONG rounds)
{
    return (ULONG)((rdtsc() - start) / rounds);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-child") == 0)
        return 0;
    ULONGLONG start = rdtsc();
    for (int i = 0; i < SYSCALL_ROUNDS; i++)
        NtYieldExecution();
    printf("bench null syscall: %u cycles\n", per_round(start, SYSCALL_ROUNDS));
    start = rdtsc();
    for (int i = 0; i < HANDLE_ROUNDS; i++)
        CloseHandle(CreateEventA(NULL, FALSE, FALSE, NULL));
    printf("bench user handle create+close: %u cycles\n", per_round(start, HANDLE_ROUNDS));
    start = rdtsc();
    for (int i = 0; i < PROCESS_ROUNDS; i++) {
        PROCESS_INFORMATION pi;
        char line[] = "ubench -child";
        if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi)) {
            printf("ubench: CreateProcess failed (error %u)\n", GetLastError());
            return 1;
        }
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    printf("bench process create+exit: %u cycles\n", per_round(start, PROCESS_ROUNDS));
    return 0;
}
