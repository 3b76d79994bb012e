/*
 * The crash driver's menu (drivers/crashdrv, after Sysinternals' NotMyFault): each way it can make
 * the system fail and the STOP code that follows. This one table feeds the help of the `crash`
 * program (user/crash) and of the boot console's `crash` command, the tests (tests/suites/bugcheck.py
 * parses it) and docs/bugcheck.md (a test checks the docs agree).
 * X(name, STOP code, what the driver does)
 */
#ifndef CRASHTYPES_H
#define CRASHTYPES_H

#include "ntdef.h"
#include "ntapi.h"

/* user/crash opens the driver's device and sends IOCTL_CRASH_TRIGGER with a ULONG CRASH_TYPE as input. */
#define CRASHDRV_DEVICE_NAME    "\\Device\\CrashDrv"
#define CRASHDRV_DOS_NAME       "\\??\\CrashDrv"
#define IOCTL_CRASH_TRIGGER     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define CRASH_TYPE_LIST(X)                                                                              \
    X(irql,          0x0000000A, "reads an unmapped (paged-out) address at DISPATCH_LEVEL")             \
    X(overflow,      0x00000019, "writes past the end of a pool block, then frees it")                  \
    X(doublefree,    0x000000C2, "frees the same pool block twice")                                     \
    X(stacktrash,    0x0000001E, "overwrites its saved frame pointer and return address, then returns") \
    X(stackoverflow, 0x0000007F, "recurses until the kernel stack runs into its guard page")            \
    X(null,          0x0000001E, "reads through a NULL structure pointer")                              \
    X(breakpoint,    0x0000001E, "executes a hard-coded int 3 with no debugger attached")               \
    X(manual,        0x000000E2, "calls KeBugCheckEx(MANUALLY_INITIATED_CRASH) itself")

typedef enum _CRASH_TYPE {
#define X(name, code, what) CrashType_##name,
    CRASH_TYPE_LIST(X)
#undef X
    CrashTypeCount
} CRASH_TYPE;

/* Kernel side (drivers/crashdrv). The type called `name`, or CrashTypeCount when there is none. */
CRASH_TYPE CrashDrvTypeFromName(const char *name);

/* Makes the system fail in the chosen way; returns only for an unknown type. */
void CrashDrvTrigger(CRASH_TYPE type);

#endif
