/*
 * null.sys: \Device\Null, NT's bit bucket. Writes succeed and are discarded, reads find the end of
 * the file at once. The event log driver (drivers/evtlog) uses it as its backing store until servpack
 * has a file system to keep a log file on.
 */
#include "iomgr.h"

static NTSTATUS complete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS null_open_close(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    return complete(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS null_read(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    return complete(irp, STATUS_END_OF_FILE, 0);
}

static NTSTATUS null_write(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    return complete(irp, STATUS_SUCCESS, IoGetCurrentIrpStackLocation(irp)->Parameters.Write.Length);
}

NTSTATUS NullDriverEntry(PDRIVER_OBJECT driver)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(driver, 0, "\\Device\\Null", FILE_DEVICE_NULL, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    driver->MajorFunction[IRP_MJ_CREATE] = null_open_close;
    driver->MajorFunction[IRP_MJ_CLEANUP] = null_open_close;
    driver->MajorFunction[IRP_MJ_CLOSE] = null_open_close;
    driver->MajorFunction[IRP_MJ_READ] = null_read;
    driver->MajorFunction[IRP_MJ_WRITE] = null_write;
    return STATUS_SUCCESS;
}
