/*
 * The I/O manager (Io): drivers, devices, files and I/O request packets, as in NT. A driver object
 * holds the dispatch routines its DriverEntry filled in; a device object is a named object under
 * \Device whose Parse procedure turns an open into a file object and an IRP_MJ_CREATE; every request
 * after that is an IRP carrying one stack location per driver on the way down. docs/io.md explains it.
 * (Named iomgr.h because the user-mode C library has an io.h on the same include path.)
 */
#ifndef IOMGR_H
#define IOMGR_H

#include "ntdef.h"
#include "ntapi.h"
#include "ketypes.h"
#include "ob.h"

#define IRP_MJ_CREATE           0x00
#define IRP_MJ_CLOSE            0x02
#define IRP_MJ_READ             0x03
#define IRP_MJ_WRITE            0x04
#define IRP_MJ_DEVICE_CONTROL   0x0E
#define IRP_MJ_CLEANUP          0x12
#define IRP_MJ_MAXIMUM_FUNCTION 0x1B

/* IO_STACK_LOCATION.Control: when the completion routine runs. */
#define SL_PENDING_RETURNED     0x01
#define SL_INVOKE_ON_SUCCESS    0x40
#define SL_INVOKE_ON_ERROR      0x80

#define IO_TYPE_DEVICE          3
#define IO_TYPE_DRIVER          4
#define IO_TYPE_FILE            5
#define IO_TYPE_IRP             6

/* FILE_OBJECT.Flags */
#define FO_CLEANUP_COMPLETE     0x00004000

struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;
typedef signed char CHAR;
struct _IRP;

typedef NTSTATUS (*PDRIVER_DISPATCH)(struct _DEVICE_OBJECT *device, struct _IRP *irp);
typedef void (*PDRIVER_UNLOAD)(struct _DRIVER_OBJECT *driver);
typedef NTSTATUS (*PIO_COMPLETION_ROUTINE)(struct _DEVICE_OBJECT *device, struct _IRP *irp, PVOID context);

typedef struct _DRIVER_OBJECT {
    USHORT Type;
    USHORT Size;
    struct _DEVICE_OBJECT *DeviceObject;    /* the driver's devices, linked through NextDevice */
    const char *DriverName;                 /* its name in \Driver: "Null" */
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef struct _DEVICE_OBJECT {
    USHORT Type;
    USHORT Size;
    PDRIVER_OBJECT DriverObject;
    struct _DEVICE_OBJECT *NextDevice;
    ULONG DeviceType;                       /* FILE_DEVICE_* */
    ULONG Flags;
    CHAR StackSize;                         /* stack locations an IRP to this device needs */
    LONG ReferenceCount;                    /* open file objects */
    BOOLEAN DeletePending;                  /* IoDeleteDevice ran: no new opens */
    PVOID DeviceExtension;                  /* the driver's per-device data, after this structure */
} DEVICE_OBJECT, *PDEVICE_OBJECT;

/* IO_COMPLETION_CONTEXT: set when a file is associated with a completion port (a later issue). */
typedef struct _IO_COMPLETION_CONTEXT {
    PVOID Port;
    PVOID Key;
} IO_COMPLETION_CONTEXT;

/* One open of a device: what a handle from NtCreateFile names. */
typedef struct _FILE_OBJECT {
    USHORT Type;
    USHORT Size;
    PDEVICE_OBJECT DeviceObject;
    PVOID FsContext;                        /* the driver's per-open data */
    PVOID FsContext2;
    IO_COMPLETION_CONTEXT *CompletionContext;
    ULONGLONG CurrentByteOffset;
    ULONG Flags;                            /* FO_* */
    BOOLEAN ReadAccess, WriteAccess;
    char FileName[];                        /* the path after the device's name ("" for the device) */
} FILE_OBJECT, *PFILE_OBJECT;

typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR Flags;
    UCHAR Control;                          /* SL_INVOKE_ON_* */
    union {
        struct { ACCESS_MASK DesiredAccess; ULONG Options; ULONG ShareAccess; } Create;
        struct { ULONG Length; ULONG Key; ULONGLONG ByteOffset; } Read;
        struct { ULONG Length; ULONG Key; ULONGLONG ByteOffset; } Write;
        struct { ULONG OutputBufferLength; ULONG InputBufferLength; ULONG IoControlCode; } DeviceIoControl;
    } Parameters;
    PDEVICE_OBJECT DeviceObject;
    PFILE_OBJECT FileObject;
    PIO_COMPLETION_ROUTINE CompletionRoutine;
    PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

typedef struct _IRP {
    USHORT Type;
    USHORT Size;
    ULONG Flags;
    struct { PVOID SystemBuffer; } AssociatedIrp;   /* buffered I/O: the pool copy of the caller's data */
    IO_STATUS_BLOCK IoStatus;
    KPROCESSOR_MODE RequestorMode;
    BOOLEAN PendingReturned;                /* a driver below returned STATUS_PENDING */
    BOOLEAN Completed;                      /* IoCompleteRequest ran: a second one is a bugcheck */
    CHAR StackCount;
    CHAR CurrentLocation;                   /* 1..StackCount while a driver owns it; StackCount + 1 at first */
    PVOID UserBuffer;                       /* the caller's output buffer */
    PKEVENT UserEvent;                      /* signalled when the IRP completes */
    KTHREAD *Thread;                        /* the requester: completion work for it runs in its context */
    PFILE_OBJECT OriginalFileObject;
    IO_STACK_LOCATION Stack[];              /* StackCount entries; the highest driver uses the last */
} IRP, *PIRP;

extern POBJECT_TYPE IoDeviceObjectType, IoDriverObjectType, IoFileObjectType;

/* Creates the I/O types and starts the built-in drivers (iodrivers.c), in the table's order. */
void IoInitSystem(void);

/* ---- devices ---- */
/* A device named `name` ("\Device\CrashDrv", or NULL) with `extensionSize` zeroed bytes of extension. */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT driver, ULONG extensionSize, const char *name, ULONG deviceType,
                        ULONG characteristics, BOOLEAN exclusive, PDEVICE_OBJECT *device);
/* Unnames the device and drops the driver's reference; it goes when its last file object closes. */
void IoDeleteDevice(PDEVICE_OBJECT device);
NTSTATUS IoCreateSymbolicLink(const char *linkName, const char *deviceName);
NTSTATUS IoDeleteSymbolicLink(const char *linkName);

/* ---- IRPs ---- */
PIRP IoAllocateIrp(CHAR stackSize, BOOLEAN chargeQuota);
void IoFreeIrp(PIRP irp);
static inline PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP irp)
{
    return &irp->Stack[irp->CurrentLocation - 1];
}
static inline PIO_STACK_LOCATION IoGetNextIrpStackLocation(PIRP irp)
{
    return &irp->Stack[irp->CurrentLocation - 2];
}
static inline void IoCopyCurrentIrpStackLocationToNext(PIRP irp)
{
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    *next = *IoGetCurrentIrpStackLocation(irp);
    next->CompletionRoutine = NULL;
    next->Context = NULL;
    next->Control = 0;
}
/* The driver will complete the IRP later and returns STATUS_PENDING. */
static inline void IoMarkIrpPending(PIRP irp)
{
    IoGetCurrentIrpStackLocation(irp)->Control |= SL_PENDING_RETURNED;
}
void IoSetCompletionRoutine(PIRP irp, PIO_COMPLETION_ROUTINE routine, PVOID context, BOOLEAN onSuccess,
                            BOOLEAN onError, BOOLEAN onCancel);
/* Hands the IRP to the driver of `device` with the next stack location made current. */
NTSTATUS IoCallDriver(PDEVICE_OBJECT device, PIRP irp);
/* The driver is done: completion routines run from the lowest driver up, then the requester is told. */
void IoCompleteRequest(PIRP irp, KPRIORITY priorityBoost);

/* ---- the Zw entry points drivers call (kernel/ke/zwstubs.S): the services with PreviousMode = KernelMode ---- */
NTSTATUS ZwClose(HANDLE handle);
NTSTATUS ZwCreateFile(PHANDLE fileHandle, ACCESS_MASK desiredAccess, const char *name, ULONG attributes,
                      PIO_STATUS_BLOCK ioStatusBlock, ULONG shareAccess, ULONG createDisposition,
                      ULONG createOptions);
NTSTATUS ZwWriteFile(HANDLE fileHandle, PIO_STATUS_BLOCK ioStatusBlock, const void *buffer, ULONG length,
                     PLARGE_INTEGER byteOffset);

/* ---- built-in drivers: DriverEntry routines, started in this order (iodrivers.c) ---- */
#define IO_BUILTIN_DRIVERS(X)                       \
    X(Null,     "null",     NullDriverEntry)        \
    X(CrashDrv, "crashdrv", CrashDrvDriverEntry)    \
    X(EvtLog,   "evtlog",   EvtLogDriverEntry)

#define X(name, service, entry) NTSTATUS entry(PDRIVER_OBJECT driver);
IO_BUILTIN_DRIVERS(X)
#undef X

#endif
