/*
 * I/O request packets: allocation, passing one down to a driver (IoCallDriver), and completion
 * (IoCompleteRequest), which walks back up the stack locations running each driver's completion
 * routine, then tells the requester. Requests are synchronous for now: the requester waits on the
 * IRP's event. Asynchronous I/O adds its work where iop_notify_requester is (docs/io.md).
 */
#include "iop.h"
#include "rtl.h"

PIRP IoAllocateIrp(CHAR stackSize, BOOLEAN chargeQuota)
{
    (void)chargeQuota;                  /* servpack has no pool quotas */
    ULONG size = sizeof(IRP) + (ULONG)stackSize * sizeof(IO_STACK_LOCATION);
    PIRP irp = ExAllocatePoolWithTag(NonPagedPool, size, IOP_IRP_TAG);
    if (!irp)
        return NULL;
    memset(irp, 0, size);
    irp->Type = IO_TYPE_IRP;
    irp->Size = (USHORT)size;
    irp->StackCount = stackSize;
    irp->CurrentLocation = (CHAR)(stackSize + 1);
    irp->Thread = KeGetCurrentThread();
    return irp;
}

void IoFreeIrp(PIRP irp)
{
    ASSERTMSG(irp->Type == IO_TYPE_IRP, MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)irp, 0, 0, 1);
    irp->Type = 0;
    ExFreePoolWithTag(irp, IOP_IRP_TAG);
}

void IoSetCompletionRoutine(PIRP irp, PIO_COMPLETION_ROUTINE routine, PVOID context, BOOLEAN onSuccess,
                            BOOLEAN onError, BOOLEAN onCancel)
{
    (void)onCancel;                     /* no cancellation yet: nothing completes as cancelled */
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->CompletionRoutine = routine;
    next->Context = context;
    next->Control = (UCHAR)((onSuccess ? SL_INVOKE_ON_SUCCESS : 0) | (onError ? SL_INVOKE_ON_ERROR : 0));
}

NTSTATUS IoCallDriver(PDEVICE_OBJECT device, PIRP irp)
{
    irp->CurrentLocation--;
    if (irp->CurrentLocation <= 0)
        KeBugCheckEx(NO_MORE_IRP_STACK_LOCATIONS, (ULONG_PTR)irp, 0, 0, 0);
    PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
    location->DeviceObject = device;
    return device->DriverObject->MajorFunction[location->MajorFunction](device, irp);
}

static BOOLEAN wants_completion(const IO_STACK_LOCATION *location, NTSTATUS status)
{
    return location->CompletionRoutine &&
           (location->Control & (NT_SUCCESS(status) ? SL_INVOKE_ON_SUCCESS : SL_INVOKE_ON_ERROR));
}

/* The IRP is back at the top: synchronous requesters wait on UserEvent. */
static void iop_notify_requester(PIRP irp, KPRIORITY boost)
{
    irp->Completed = TRUE;
    if (irp->UserEvent)
        KeSetEvent(irp->UserEvent, boost, FALSE);
}

void IoCompleteRequest(PIRP irp, KPRIORITY priorityBoost)
{
    if (irp->Completed || irp->CurrentLocation > irp->StackCount)
        KeBugCheckEx(MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)irp, 0, 0, 0);
    ASSERTMSG(irp->IoStatus.Status != STATUS_PENDING, MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)irp,
              0, 0, 2);
    while (irp->CurrentLocation <= irp->StackCount) {
        PIO_STACK_LOCATION lower = IoGetCurrentIrpStackLocation(irp);
        irp->PendingReturned = (lower->Control & SL_PENDING_RETURNED) != 0;
        irp->CurrentLocation++;
        BOOLEAN top = irp->CurrentLocation > irp->StackCount;
        PDEVICE_OBJECT upper = top ? NULL : IoGetCurrentIrpStackLocation(irp)->DeviceObject;
        if (wants_completion(lower, irp->IoStatus.Status)) {
            if (lower->CompletionRoutine(upper, irp, lower->Context) == STATUS_MORE_PROCESSING_REQUIRED)
                return;
        } else if (irp->PendingReturned && !top) {
            IoMarkIrpPending(irp);
        }
    }
    iop_notify_requester(irp, priorityBoost);
}

NTSTATUS IopCallDriverAndWait(PDEVICE_OBJECT device, PIRP irp, ULONG_PTR *information)
{
    KEVENT done;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp->UserEvent = &done;
    NTSTATUS status = IoCallDriver(device, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = irp->IoStatus.Status;
    }
    ASSERTMSG(irp->Completed, MULTIPLE_IRP_COMPLETE_REQUESTS, (ULONG_PTR)irp, (ULONG_PTR)device, status, 3);
    if (information)
        *information = irp->IoStatus.Information;
    IoFreeIrp(irp);
    return status;
}

PIRP IopBuildIrp(PFILE_OBJECT file, UCHAR major, KPROCESSOR_MODE mode)
{
    PIRP irp = IoAllocateIrp(file->DeviceObject->StackSize, FALSE);
    if (!irp)
        return NULL;
    irp->RequestorMode = mode;
    irp->OriginalFileObject = file;
    PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(irp);
    first->MajorFunction = major;
    first->FileObject = file;
    return irp;
}

void IopSendFileRequest(PFILE_OBJECT file, UCHAR major)
{
    PIRP irp = IopBuildIrp(file, major, KernelMode);
    if (!irp)   /* NT retries from a reserve; servpack's pool only fails when the system is done for */
        KeBugCheckEx(MUST_SUCCEED_POOL_EMPTY, sizeof(IRP), (ULONG_PTR)file, major, 0);
    IopCallDriverAndWait(file->DeviceObject, irp, NULL);
}
