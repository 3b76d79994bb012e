/* tlist: the running processes with their ids, parent, threads, handle count and committed user
   memory, like the NT resource kit's tlist.exe and Performance Monitor's Process counters. */
#include <stdio.h>
#include "toolhelp.h"

int main(void)
{
    ULONG length;
    NTSTATUS status;
    SYSTEM_PROCESS_INFORMATION *p = QuerySystemInformation(SystemProcessInformation, &length, &status);
    if (!p) {
        printf("tlist: cannot list the processes: status 0x%08X\n", (unsigned)status);
        return 1;
    }
    ULONG count = length / sizeof *p, handles = 0;
    printf("  PID  PPID  Image            Threads  Handles  Memory(KB)\n");
    for (ULONG i = 0; i < count; i++) {
        printf("%5u %5u  %-16s %7u  %7u  %10u\n", (unsigned)p[i].UniqueProcessId,
               (unsigned)p[i].InheritedFromUniqueProcessId, p[i].ImageName, (unsigned)p[i].NumberOfThreads,
               (unsigned)p[i].HandleCount, (unsigned)(p[i].VirtualSize / 1024));
        handles += p[i].HandleCount;
    }
    printf("%u processes, %u handles\n", (unsigned)count, (unsigned)handles);
    FreeSystemInformation(p);
    return 0;
}
