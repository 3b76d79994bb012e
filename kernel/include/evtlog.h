/*
 * The event log driver's interface (drivers/evtlog), shared with user programs: a caller opens
 * \\.\EvtLog, starts a logging session (the driver opens its backing store for it, in the caller's
 * context), writes records, and finishes the session (the driver closes the store). Q160650's
 * demonstration, user/kb160650, is built on it: see docs/kb/Q160650.md.
 */
#ifndef EVTLOG_H
#define EVTLOG_H

#include "ntapi.h"

#define EVTLOG_DEVICE_NAME      "\\Device\\EvtLog"
#define EVTLOG_DOS_NAME         "\\??\\EvtLog"
/* Where the records go: servpack has no file system for a log file yet. */
#define EVTLOG_STORE_NAME       "\\Device\\Null"

#define IOCTL_EVTLOG_START      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_EVTLOG_WRITE      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_EVTLOG_FINISH     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* IOCTL_EVTLOG_FINISH's output: how the session went. */
typedef struct _EVTLOG_SESSION_INFO {
    ULONG Records;                      /* records written to the store */
    NTSTATUS CloseStatus;               /* what closing the store returned */
} EVTLOG_SESSION_INFO;

#endif
