/*
 * crashdrv.sys: a driver that misbehaves on request, after Sysinternals' NotMyFault (myfault.sys), so a
 * class can watch each kind of kernel bug end in its STOP screen. The menu is CRASH_TYPE_LIST in
 * crashtypes.h. user/crash opens \Device\CrashDrv (\\.\CrashDrv) and sends IOCTL_CRASH_TRIGGER; the
 * fault then happens in the caller's thread, inside this driver's dispatch routine. The boot console's
 * `crash TYPE` command and the kernel option crash=TYPE call CrashDrvTrigger directly.
 * Every fault happens in this driver's own code, so the STOP screen names crashdrv.sys.
 */
#include "crashtypes.h"
#include "iomgr.h"
#include "ke.h"
#include "ex.h"
#include "hal.h"
#include "rtl.h"

#define CRASHDRV_TAG            POOL_TAG('C', 'r', 's', 'h')
#define CRASHDRV_BLOCK_BYTES    32
#define CRASHDRV_PAGED_OUT      0xE1F00000u    /* in NT's paged-pool range; nothing is ever mapped there */
#define CRASHDRV_TRASH_BYTE     0x41           /* 'A': the return address becomes 0x41414141 */

typedef struct _CRASHDRV_REQUEST {
    ULONG Signature;
    ULONG Length;
} CRASHDRV_REQUEST;

static volatile ULONG Sink;                    /* keeps the faulting reads from being optimized away */
static volatile ULONG RecursionLimit = ~0u;    /* never reached: the stack overflows first */

static void crash_irql(void)
{
    KIRQL old;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    Sink = *(volatile ULONG *)CRASHDRV_PAGED_OUT;
    KeLowerIrql(old);
}

static void crash_overflow(void)
{
    volatile UCHAR *block = ExAllocatePoolWithTag(NonPagedPool, CRASHDRV_BLOCK_BYTES, CRASHDRV_TAG);
    PVOID neighbour = ExAllocatePoolWithTag(NonPagedPool, CRASHDRV_BLOCK_BYTES, CRASHDRV_TAG);
    for (ULONG i = 0; i < CRASHDRV_BLOCK_BYTES + 16; i++)   /* 16 bytes too many: the neighbour's header */
        block[i] = CRASHDRV_TRASH_BYTE;
    ExFreePoolWithTag((PVOID)block, CRASHDRV_TAG);
    ExFreePoolWithTag(neighbour, CRASHDRV_TAG);
}

static void crash_doublefree(void)
{
    PVOID block = ExAllocatePoolWithTag(NonPagedPool, CRASHDRV_BLOCK_BYTES, CRASHDRV_TAG);
    ExFreePoolWithTag(block, CRASHDRV_TAG);
    ExFreePoolWithTag(block, CRASHDRV_TAG);
}

/* A runaway copy into a stack buffer: it runs over the saved EBP and the return address. */
static __attribute__((noinline)) void trash_own_frame(void)
{
    volatile UCHAR buffer[16];
    volatile UCHAR *end = (volatile UCHAR *)__builtin_frame_address(0) + 2 * sizeof(ULONG);
    for (volatile UCHAR *p = buffer; p < end; p++)
        *p = CRASHDRV_TRASH_BYTE;
}

static void crash_stacktrash(void)
{
    trash_own_frame();
}

static __attribute__((noinline)) ULONG recurse(ULONG depth)
{
    volatile UCHAR frame[256];
    frame[0] = (UCHAR)depth;
    if (depth == RecursionLimit)
        return 0;
    return recurse(depth + 1) + frame[0];
}

static void crash_stackoverflow(void)
{
    Sink = recurse(0);
}

static void crash_null(void)
{
    CRASHDRV_REQUEST *volatile request = NULL;   /* volatile: the compiler may not prove it NULL */
    Sink = request->Length;
}

static void crash_breakpoint(void)
{
    __asm__ volatile("int3");
}

static void crash_manual(void)
{
    KeBugCheckEx(MANUALLY_INITIATED_CRASH, 0, 0, 0, 0);
}

static const struct {
    const char *Name;
    const char *What;
    void (*Crash)(void);
} Crashes[] = {
#define X(name, code, what) { #name, what, crash_##name },
    CRASH_TYPE_LIST(X)
#undef X
};

CRASH_TYPE CrashDrvTypeFromName(const char *name)
{
    ULONG i = 0;
    while (i < CrashTypeCount && strcmp(Crashes[i].Name, name) != 0)
        i++;
    return (CRASH_TYPE)i;
}

void CrashDrvTrigger(CRASH_TYPE type)
{
    if (type >= CrashTypeCount)
        return;
    DbgPrint("crashdrv: %s: %s\n", Crashes[type].Name, Crashes[type].What);
    Crashes[type].Crash();
    DbgPrint("crashdrv: %s did not crash the system\n", Crashes[type].Name);
}

static NTSTATUS complete(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

/* The device has nothing below it: \Device\CrashDrv\x does not exist. */
static NTSTATUS crashdrv_create(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    BOOLEAN named = IoGetCurrentIrpStackLocation(irp)->FileObject->FileName[0] != 0;
    return complete(irp, named ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_SUCCESS);
}

static NTSTATUS crashdrv_cleanup_close(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    return complete(irp, STATUS_SUCCESS);
}

static NTSTATUS crashdrv_device_control(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
    if (location->Parameters.DeviceIoControl.IoControlCode != IOCTL_CRASH_TRIGGER)
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST);
    if (location->Parameters.DeviceIoControl.InputBufferLength != sizeof(ULONG))
        return complete(irp, STATUS_INVALID_PARAMETER);
    ULONG type = *(ULONG *)irp->AssociatedIrp.SystemBuffer;
    if (type >= CrashTypeCount)
        return complete(irp, STATUS_INVALID_PARAMETER);
    CrashDrvTrigger((CRASH_TYPE)type);
    return complete(irp, STATUS_UNSUCCESSFUL);      /* it did not crash the system */
}

NTSTATUS CrashDrvDriverEntry(PDRIVER_OBJECT driver)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(driver, 0, CRASHDRV_DEVICE_NAME, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateSymbolicLink(CRASHDRV_DOS_NAME, CRASHDRV_DEVICE_NAME);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    driver->MajorFunction[IRP_MJ_CREATE] = crashdrv_create;
    driver->MajorFunction[IRP_MJ_CLEANUP] = crashdrv_cleanup_close;
    driver->MajorFunction[IRP_MJ_CLOSE] = crashdrv_cleanup_close;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = crashdrv_device_control;
    return STATUS_SUCCESS;
}
