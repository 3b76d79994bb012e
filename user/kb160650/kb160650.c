/*
 * KB Q160650, "Blue Screen When Closing Kernel Mode Handles from User Mode": `kb160650 [-reuse] [-show]`
 * opens the event log driver (\\.\EvtLog) and starts a session, for which the driver opens its log
 * store while running in this process's context. Then, as a careless application would, it looks
 * through the system's handle list for the handle that appeared (a File handle to the store), closes
 * it, and asks the driver to finish the session, which closes the store handle again.
 *   RTM: the handle is in this process's own table; the user's close succeeds and the driver's close
 *        of the dead handle stops the system: STOP 0x00000093 (handle, 1, 0, 0).
 *   -reuse: after closing it, the program creates an event, which gets the same handle value; the
 *        driver's close then closes the event, silently, and the program finds its event gone.
 *   SP:  the handle is in the kernel handle table (0x8000xxxx); the user's close fails with
 *        STATUS_INVALID_HANDLE, the driver's close succeeds, nothing is harmed.
 * -show runs `handle -p <this pid>` and `handle -p System` once the session has started.
 * -quit starts the session and exits without touching the handle. The process's table is taken away
 *        before its handles are closed, so in RTM the driver's cleanup closes a handle that is no
 *        longer anywhere: STOP 0x93 again, with no careless application at all. SP: a clean exit.
 * Exit status: 0 nothing was harmed (fixed), 2 the driver closed this program's event (the bug, -reuse),
 * 3 the driver's close failed without a STOP screen, 1 the demonstration could not be set up.
 */
#include <stdio.h>
#include <string.h>
#include "toolhelp.h"
#include "evtlog.h"

#define KERNEL_HANDLE_FLAG 0x80000000u

typedef struct _FOUND_HANDLE {
    ULONG Value;                        /* as this process would pass it to NtClose */
    ULONG OwnerId;
} FOUND_HANDLE;

static SYSTEM_HANDLE_ENTRY *snapshot(ULONG *count)
{
    ULONG length;
    NTSTATUS status;
    SYSTEM_HANDLE_ENTRY *handles = QuerySystemInformation(SystemHandleInformation, &length, &status);
    *count = handles ? length / sizeof *handles : 0;
    if (!handles)
        printf("kb160650: cannot list the handles: status 0x%08X\n", (unsigned)status);
    return handles;
}

static BOOL listed(const SYSTEM_HANDLE_ENTRY *list, ULONG count, const SYSTEM_HANDLE_ENTRY *h)
{
    for (ULONG i = 0; i < count; i++)
        if (list[i].UniqueProcessId == h->UniqueProcessId && list[i].HandleValue == h->HandleValue &&
            strcmp(list[i].Name, h->Name) == 0)
            return TRUE;
    return FALSE;
}

/* The File handle to the driver's store that exists now and did not before. A handle in another
   process's list can only be the kernel handle table's (the System process's), whose values kernel
   mode passes with the top bit set. */
static BOOL find_new_store_handle(const SYSTEM_HANDLE_ENTRY *before, ULONG beforeCount, FOUND_HANDLE *found)
{
    ULONG count;
    SYSTEM_HANDLE_ENTRY *after = snapshot(&count);
    BOOL ok = FALSE;
    for (ULONG i = 0; after && i < count && !ok; i++) {
        if (strcmp(after[i].TypeName, "File") != 0 || strcmp(after[i].Name, EVTLOG_STORE_NAME) != 0 ||
            listed(before, beforeCount, &after[i]))
            continue;
        found->OwnerId = after[i].UniqueProcessId;
        found->Value = after[i].HandleValue;
        if (found->OwnerId != GetCurrentProcessId())
            found->Value |= KERNEL_HANDLE_FLAG;
        ok = TRUE;
    }
    if (after)
        FreeSystemInformation(after);
    return ok;
}

static void run_tool(const char *commandLine)
{
    char line[64];
    PROCESS_INFORMATION tool;
    snprintf(line, sizeof line, "%s", commandLine);
    printf("kb160650: > %s\n", line);
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &tool))
        return;
    WaitForSingleObject(tool.hProcess, INFINITE);
    CloseHandle(tool.hThread);
    CloseHandle(tool.hProcess);
}

static BOOL ioctl(HANDLE log, ULONG code, const void *in, ULONG inLength, void *out, ULONG outLength)
{
    DWORD returned;
    return DeviceIoControl(log, code, (LPVOID)in, inLength, out, outLength, &returned, NULL);
}

/* Starts the session and finds the handle the driver opened for it. */
static BOOL start_session(HANDLE log, BOOL show, FOUND_HANDLE *store)
{
    ULONG beforeCount;
    SYSTEM_HANDLE_ENTRY *before = snapshot(&beforeCount);
    static const char record[] = "kb160650: session started";
    BOOL ok = before && ioctl(log, IOCTL_EVTLOG_START, NULL, 0, NULL, 0) &&
              ioctl(log, IOCTL_EVTLOG_WRITE, record, sizeof record, NULL, 0) &&
              find_new_store_handle(before, beforeCount, store);
    if (before)
        FreeSystemInformation(before);
    if (!ok) {
        printf("kb160650: cannot start a logging session or find its handle (error %u)\n", (unsigned)GetLastError());
        return FALSE;
    }
    BOOL mine = store->OwnerId == GetCurrentProcessId();
    printf("kb160650: the driver's handle to %s is 0x%X, in %s handle table\n", EVTLOG_STORE_NAME,
           (unsigned)store->Value, mine ? "this process's own" : "the kernel (System process)");
    if (show) {
        char line[32];
        snprintf(line, sizeof line, "handle -p %u", (unsigned)GetCurrentProcessId());
        run_tool(line);
        run_tool("handle -p System");
    }
    return TRUE;
}

/* -reuse: an unrelated object of this program's own, which takes the freed value if it can. */
static HANDLE open_unrelated_object(ULONG freedValue)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    printf("kb160650: created an event of its own: handle 0x%X (%s the closed value)\n", (unsigned)(ULONG)event,
           (ULONG)event == freedValue ? "reuses" : "does not reuse");
    return event;
}

int main(int argc, char **argv)
{
    BOOL reuse = FALSE, show = FALSE, quit = FALSE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-reuse") == 0)
            reuse = TRUE;
        else if (strcmp(argv[i], "-show") == 0)
            show = TRUE;
        else if (strcmp(argv[i], "-quit") == 0)
            quit = TRUE;
        else
            return printf("usage: kb160650 [-reuse] [-show] [-quit]\n"), 1;
    }
    HANDLE log = CreateFileA("\\\\.\\EvtLog", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                             FILE_ATTRIBUTE_NORMAL, NULL);
    if (log == INVALID_HANDLE_VALUE)
        return printf("kb160650: cannot open \\\\.\\EvtLog: error %u\n", (unsigned)GetLastError()), 1;
    FOUND_HANDLE store;
    if (!start_session(log, show, &store))
        return 1;
    if (quit) {
        printf("kb160650: exiting with the session still running\n");
        return 0;
    }

    NTSTATUS userClose = NtClose((HANDLE)store.Value);
    printf("kb160650: closing handle 0x%X from user mode -> 0x%08X\n", (unsigned)store.Value, (unsigned)userClose);
    HANDLE event = reuse ? open_unrelated_object(store.Value) : NULL;

    printf("kb160650: asking the driver to finish its session (it closes handle 0x%X)\n", (unsigned)store.Value);
    EVTLOG_SESSION_INFO info;
    if (!ioctl(log, IOCTL_EVTLOG_FINISH, NULL, 0, &info, sizeof info))
        return printf("kb160650: finishing failed: error %u\n", (unsigned)GetLastError()), 1;
    printf("kb160650: the driver's close -> 0x%08X (%u records)\n", (unsigned)info.CloseStatus,
           (unsigned)info.Records);
    CloseHandle(log);

    if (event) {
        DWORD wait = WaitForSingleObject(event, 0);
        if (wait == WAIT_FAILED) {
            printf("kb160650: my event handle 0x%X is gone (error %u): the driver closed the wrong object\n",
                   (unsigned)(ULONG)event, (unsigned)GetLastError());
            return 2;
        }
        printf("kb160650: my event handle 0x%X survived the driver's close\n", (unsigned)(ULONG)event);
        CloseHandle(event);
    }
    if (!NT_SUCCESS(info.CloseStatus)) {
        printf("kb160650: the driver could not close its own handle\n");
        return 3;
    }
    printf("kb160650: nothing was harmed: the user's close %s, the driver's close succeeded\n",
           NT_SUCCESS(userClose) ? "succeeded" : "failed");
    return 0;
}
