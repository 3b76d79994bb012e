/*
 * In-kernel tests of IRP mechanics that the built-in drivers do not exercise: a filter device over a
 * lower device, completion routines run bottom-up with the right device and context, a routine that
 * keeps the IRP (STATUS_MORE_PROCESSING_REQUIRED) and completes it again, a routine skipped on error,
 * a pending return, a deleted device that lives on while a file is open, and the STOP codes for
 * running out of stack locations and completing twice.
 */
#include "iop.h"
#include "ktest.h"
#include "hal.h"
#include "rtl.h"
#include "ps.h"

#define IOCTL_TEST CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_ANY_ACCESS)

static PDRIVER_OBJECT TestDriver;
static PDEVICE_OBJECT Lower, Filter;
static NTSTATUS LowerResult;
static char Trace[64];

static void trace(const char *step)
{
    ULONG n = strlen(Trace);
    RtlFormat(Trace + n, sizeof Trace - n, "%s%s", n ? "," : "", step);
}

static NTSTATUS lower_dispatch(PDEVICE_OBJECT device, PIRP irp)
{
    KT_CHECK(device == Lower);
    KT_EQ(irp->CurrentLocation, 1);
    trace("lower");
    irp->IoStatus.Status = LowerResult;
    irp->IoStatus.Information = 7;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return LowerResult;
}

static NTSTATUS filter_completion(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    KT_CHECK(device == Filter);                 /* the device of the driver that set the routine */
    KT_EQ(irp->CurrentLocation, 2);
    trace((const char *)context);
    return STATUS_SUCCESS;
}

static NTSTATUS filter_dispatch(PDEVICE_OBJECT device, PIRP irp)
{
    if (device == Lower)
        return lower_dispatch(device, irp);
    trace("filter");
    IoCopyCurrentIrpStackLocationToNext(irp);
    IoSetCompletionRoutine(irp, filter_completion, "completion", TRUE, FALSE, FALSE);
    return IoCallDriver(Lower, irp);
}

static void make_devices(void)
{
    if (TestDriver)
        return;
    KT_EQ(IopCreateDriver("IoTest", &TestDriver), STATUS_SUCCESS);
    TestDriver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = filter_dispatch;
    KT_EQ(IoCreateDevice(TestDriver, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &Lower), STATUS_SUCCESS);
    KT_EQ(IoCreateDevice(TestDriver, 16, "\\Device\\IoTestFilter", FILE_DEVICE_UNKNOWN, 0, FALSE, &Filter),
          STATUS_SUCCESS);
    Filter->StackSize = Lower->StackSize + 1;
    KT_CHECK(Filter->DeviceExtension == (PVOID)(Filter + 1));
}

static PIRP control_irp(CHAR stackSize)
{
    PIRP irp = IoAllocateIrp(stackSize, FALSE);
    KT_CHECK(irp != NULL);
    KT_EQ(irp->CurrentLocation, stackSize + 1);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    IoGetNextIrpStackLocation(irp)->Parameters.DeviceIoControl.IoControlCode = IOCTL_TEST;
    return irp;
}

KTEST(io_irp_completion)
{
    make_devices();
    ULONG before = ExQueryPoolBytesInUse();
    ULONG_PTR information = 0;
    Trace[0] = 0;
    LowerResult = STATUS_SUCCESS;
    KT_EQ(IopCallDriverAndWait(Filter, control_irp(Filter->StackSize), &information), STATUS_SUCCESS);
    DbgPrint("io_irp_completion: success: %s\n", Trace);
    KT_EQ(strcmp(Trace, "filter,lower,completion"), 0);
    KT_EQ(information, 7);
    Trace[0] = 0;
    LowerResult = STATUS_INVALID_DEVICE_REQUEST;    /* the routine asked for success only */
    KT_EQ(IopCallDriverAndWait(Filter, control_irp(Filter->StackSize), NULL), STATUS_INVALID_DEVICE_REQUEST);
    DbgPrint("io_irp_completion: error: %s\n", Trace);
    KT_EQ(strcmp(Trace, "filter,lower"), 0);
    KT_EQ(ExQueryPoolBytesInUse(), before);
}

/* The filter's routine keeps the IRP; the filter completes it again later, from its own stack location. */
static PIRP Kept;

static NTSTATUS keep_completion(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
    (void)device;
    (void)context;
    trace("kept");
    Kept = irp;
    return STATUS_MORE_PROCESSING_REQUIRED;
}

KTEST(io_irp_more_processing)
{
    make_devices();
    KEVENT done;
    Trace[0] = 0;
    LowerResult = STATUS_SUCCESS;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    PIRP irp = control_irp(2);
    irp->UserEvent = &done;
    irp->CurrentLocation--;                         /* act as the filter: own location 2 */
    IoGetCurrentIrpStackLocation(irp)->DeviceObject = Filter;
    IoCopyCurrentIrpStackLocationToNext(irp);
    IoSetCompletionRoutine(irp, keep_completion, NULL, TRUE, TRUE, FALSE);
    IoCallDriver(Lower, irp);
    KT_CHECK(Kept == irp && !irp->Completed && KeReadStateEvent(&done) == 0);
    KT_EQ(irp->CurrentLocation, 2);
    trace("again");
    IoCompleteRequest(irp, IO_NO_INCREMENT);        /* the filter is done now */
    KT_CHECK(irp->Completed && KeReadStateEvent(&done) == 1);
    DbgPrint("io_irp_more_processing: %s\n", Trace);
    KT_EQ(strcmp(Trace, "lower,kept,again"), 0);
    IoFreeIrp(irp);
}

/* A driver that returns STATUS_PENDING and completes from another thread: the requester waits. */
static PIRP PendingIrp;

static void complete_later(PVOID context)
{
    (void)context;
    LARGE_INTEGER delay = -100000;                  /* 10 ms */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    PendingIrp->IoStatus.Status = STATUS_SUCCESS;
    PendingIrp->IoStatus.Information = 3;
    IoCompleteRequest(PendingIrp, IO_NO_INCREMENT);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS pending_dispatch(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    PETHREAD thread;
    IoMarkIrpPending(irp);
    PendingIrp = irp;
    KT_EQ(PsCreateSystemThread(&thread, complete_later, NULL), STATUS_SUCCESS);
    return STATUS_PENDING;
}

KTEST(io_irp_pending)
{
    make_devices();
    ULONG_PTR information = 0;
    TestDriver->MajorFunction[IRP_MJ_READ] = pending_dispatch;
    PIRP irp = IoAllocateIrp(1, FALSE);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_READ;
    KT_EQ(IopCallDriverAndWait(Lower, irp, &information), STATUS_SUCCESS);
    KT_EQ(information, 3);
}

KTEST(io_no_more_stack_locations)
{
    make_devices();
    PIRP irp = IoAllocateIrp(0, FALSE);
    DbgPrint("io_no_more_stack_locations: sending IRP %p, which has no stack location\n", irp);
    IoCallDriver(Lower, irp);
}

KTEST(io_double_complete)
{
    make_devices();
    LowerResult = STATUS_SUCCESS;
    PIRP irp = control_irp(1);
    IoCallDriver(Lower, irp);                       /* the lower driver completes it */
    DbgPrint("io_double_complete: completing IRP %p a second time\n", irp);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS succeed(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* A deleted device loses its name at once but lives until its last file object closes. */
KTEST(io_delete_device)
{
    make_devices();
    PDEVICE_OBJECT device;
    HANDLE file, again;
    IO_STATUS_BLOCK iosb;
    TestDriver->MajorFunction[IRP_MJ_CREATE] = succeed;
    TestDriver->MajorFunction[IRP_MJ_CLEANUP] = succeed;
    TestDriver->MajorFunction[IRP_MJ_CLOSE] = succeed;
    KT_EQ(ZwCreateFile(&file, FILE_WRITE_DATA, "\\Device\\Null", OBJ_KERNEL_HANDLE, &iosb, 0, FILE_OPEN, 0),
          STATUS_SUCCESS);              /* the first kernel handle gives the kernel table its pages */
    ZwClose(file);
    ULONG before = ExQueryPoolBytesInUse(), devices = IoDeviceObjectType->TotalNumberOfObjects;
    KT_EQ(IoCreateDevice(TestDriver, 0, "\\Device\\IoTestDelete", FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
          STATUS_SUCCESS);
    KT_EQ(ZwCreateFile(&file, FILE_WRITE_DATA, "\\Device\\IoTestDelete", OBJ_KERNEL_HANDLE, &iosb, 0, FILE_OPEN, 0),
          STATUS_SUCCESS);
    KT_EQ(device->ReferenceCount, 1);
    IoDeleteDevice(device);
    KT_EQ(ZwCreateFile(&again, FILE_WRITE_DATA, "\\Device\\IoTestDelete", OBJ_KERNEL_HANDLE, &iosb, 0, FILE_OPEN, 0),
          STATUS_OBJECT_NAME_NOT_FOUND);
    KT_EQ(IoDeviceObjectType->TotalNumberOfObjects, devices + 1);     /* the open file keeps it */
    KT_EQ(ZwWriteFile(file, &iosb, "x", 1, NULL), STATUS_INVALID_DEVICE_REQUEST);   /* still reaches the driver */
    KT_EQ(ZwClose(file), STATUS_SUCCESS);
    KT_EQ(IoDeviceObjectType->TotalNumberOfObjects, devices);
    DbgPrint("io_delete_device: pool %u -> %u bytes\n", before, ExQueryPoolBytesInUse());
    KT_EQ(ExQueryPoolBytesInUse(), before);
}
