/* handle [-p PID|NAME]: the open handles of every process, or of one, with their value, object type,
   granted access and object name, like Sysinternals' handle.exe. The System process's table is the
   kernel handle table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "handle.h"

#define HANDLE_TEXT_SIZE 96

static SYSTEM_PROCESS_INFORMATION *Processes;
static ULONG ProcessCount;

const char *ImageOfProcess(ULONG processId)
{
    for (ULONG i = 0; i < ProcessCount; i++)
        if (Processes[i].UniqueProcessId == processId)
            return Processes[i].ImageName;
    return "?";
}

/* "-p 12" selects by id, "-p cmd" (or cmd.exe) by image name; 0 when no process matches. */
static ULONG select_process(const char *which)
{
    ULONG id;
    BOOLEAN byId = RtlParseUlong(which, &id);
    size_t n = strlen(which);
    for (ULONG i = 0; i < ProcessCount; i++) {
        const char *image = Processes[i].ImageName;
        if (byId ? Processes[i].UniqueProcessId == id
                 : RtlCompareStringInsensitive(image, which) == 0 ||
                       (strncmp(image, which, n) == 0 && RtlCompareStringInsensitive(image + n, ".exe") == 0))
            return Processes[i].UniqueProcessId;
    }
    return 0;
}

static void show(const SYSTEM_HANDLE_ENTRY *h, ULONG count, ULONG onlyProcess)
{
    ULONG shown = 0, lastProcess = ~0u;
    for (ULONG i = 0; i < count; i++) {
        if (onlyProcess && h[i].UniqueProcessId != onlyProcess)
            continue;
        if (h[i].UniqueProcessId != lastProcess) {
            lastProcess = h[i].UniqueProcessId;
            printf("------------------------------------------------------------------------------\n");
            printf("%s pid: %u\n", ImageOfProcess(lastProcess), (unsigned)lastProcess);
            printf("  Handle  Type             Access      Name\n");
        }
        char text[HANDLE_TEXT_SIZE];
        DescribeHandle(&h[i], text, sizeof text);
        printf("%8X  %-16s 0x%08X  %s\n", (unsigned)h[i].HandleValue, h[i].TypeName,
               (unsigned)h[i].GrantedAccess, text);
        shown++;
    }
    if (onlyProcess && !shown)
        printf("handle: process %u has no handles\n", (unsigned)onlyProcess);
    else
        printf("%u handles\n", (unsigned)shown);
}

int main(int argc, char **argv)
{
    ULONG length, handleLength, only = 0;
    NTSTATUS status;
    Processes = QuerySystemInformation(SystemProcessInformation, &length, &status);
    SYSTEM_HANDLE_ENTRY *handles = Processes ? QuerySystemInformation(SystemHandleInformation, &handleLength, &status)
                                             : NULL;
    if (!handles) {
        printf("handle: cannot list the handles: status 0x%08X\n", (unsigned)status);
        return 1;
    }
    ProcessCount = length / sizeof *Processes;
    if (argc == 3 && strcmp(argv[1], "-p") == 0) {
        only = select_process(argv[2]);
        if (!only) {
            printf("handle: no process %s\n", argv[2]);
            return 1;
        }
    } else if (argc != 1) {
        printf("usage: handle [-p PID|NAME]\n");
        return 1;
    }
    show(handles, handleLength / sizeof *handles, only);
    FreeSystemInformation(handles);
    FreeSystemInformation(Processes);
    return 0;
}
