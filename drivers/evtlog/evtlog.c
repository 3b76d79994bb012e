/*
 * evtlog.sys: a per-open event log session. IOCTL_EVTLOG_START opens the log's backing store while
 * running in the caller's thread (so in the caller's process context), IOCTL_EVTLOG_WRITE appends a
 * record to it, IOCTL_EVTLOG_FINISH closes it. The open passes OBJ_KERNEL_HANDLE, as a driver written
 * for the fixed kernel does: on a kernel with the Q160650 fix the handle lives in the kernel handle
 * table; on RTM, as on NT 4.0, the flag means nothing and the handle lands in the calling process's
 * own table, where the process can close it behind the driver's back (docs/kb/Q160650.md).
 */
#include "evtlog.h"
#include "iomgr.h"
#include "ex.h"
#include "hal.h"
#include "rtl.h"

#define EVTLOG_TAG                  POOL_TAG('E', 'v', 'L', 'g')

typedef struct _EVTLOG_SESSION {
    HANDLE Store;                       /* the backing store's handle, NULL when no session runs */
    ULONG Records;
} EVTLOG_SESSION;

static NTSTATUS complete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS evtlog_create(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
    if (file->FileName[0])
        return complete(irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);
    EVTLOG_SESSION *session = ExAllocatePoolWithTag(NonPagedPool, sizeof *session, EVTLOG_TAG);
    if (!session)
        return complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    memset(session, 0, sizeof *session);
    file->FsContext = session;
    return complete(irp, STATUS_SUCCESS, FILE_OPENED);
}

static NTSTATUS finish_session(EVTLOG_SESSION *session)
{
    NTSTATUS status = ZwClose(session->Store);
    DbgPrint("evtlog: session finished: closed store handle 0x%X -> 0x%X\n", (ULONG)session->Store,
             (ULONG)status);
    session->Store = NULL;
    return status;
}

/* The last handle to the session went: a session still running is finished here. */
static NTSTATUS evtlog_cleanup(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    EVTLOG_SESSION *session = IoGetCurrentIrpStackLocation(irp)->FileObject->FsContext;
    if (session->Store)
        finish_session(session);
    return complete(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS evtlog_close(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(irp)->FileObject;
    ExFreePoolWithTag(file->FsContext, EVTLOG_TAG);
    file->FsContext = NULL;
    return complete(irp, STATUS_SUCCESS, 0);
}

static NTSTATUS start_session(EVTLOG_SESSION *session)
{
    IO_STATUS_BLOCK iosb;
    if (session->Store)
        return STATUS_INVALID_DEVICE_STATE;
    NTSTATUS status = ZwCreateFile(&session->Store, FILE_WRITE_DATA | SYNCHRONIZE, EVTLOG_STORE_NAME,
                                   OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, &iosb, FILE_SHARE_WRITE, FILE_OPEN,
                                   FILE_SYNCHRONOUS_IO_NONALERT);
    if (!NT_SUCCESS(status))
        session->Store = NULL;
    else
        DbgPrint("evtlog: session started: store %s is handle 0x%X\n", EVTLOG_STORE_NAME, (ULONG)session->Store);
    return status;
}

static NTSTATUS write_record(EVTLOG_SESSION *session, const void *record, ULONG length)
{
    IO_STATUS_BLOCK iosb;
    if (!session->Store)
        return STATUS_INVALID_DEVICE_STATE;
    NTSTATUS status = ZwWriteFile(session->Store, &iosb, record, length, NULL);
    if (NT_SUCCESS(status))
        session->Records++;
    return status;
}

static NTSTATUS evtlog_device_control(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    PIO_STACK_LOCATION location = IoGetCurrentIrpStackLocation(irp);
    EVTLOG_SESSION *session = location->FileObject->FsContext;
    PVOID buffer = irp->AssociatedIrp.SystemBuffer;
    EVTLOG_SESSION_INFO info;
    switch (location->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_EVTLOG_START:
        return complete(irp, start_session(session), 0);
    case IOCTL_EVTLOG_WRITE:
        return complete(irp, write_record(session, buffer, location->Parameters.DeviceIoControl.InputBufferLength), 0);
    case IOCTL_EVTLOG_FINISH:
        if (location->Parameters.DeviceIoControl.OutputBufferLength < sizeof info)
            return complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
        if (!session->Store)
            return complete(irp, STATUS_INVALID_DEVICE_STATE, 0);
        info.Records = session->Records;
        info.CloseStatus = finish_session(session);
        memcpy(buffer, &info, sizeof info);
        return complete(irp, STATUS_SUCCESS, sizeof info);
    }
    return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS EvtLogDriverEntry(PDRIVER_OBJECT driver)
{
    PDEVICE_OBJECT device;
    NTSTATUS status = IoCreateDevice(driver, 0, EVTLOG_DEVICE_NAME, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateSymbolicLink(EVTLOG_DOS_NAME, EVTLOG_DEVICE_NAME);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    driver->MajorFunction[IRP_MJ_CREATE] = evtlog_create;
    driver->MajorFunction[IRP_MJ_CLEANUP] = evtlog_cleanup;
    driver->MajorFunction[IRP_MJ_CLOSE] = evtlog_close;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = evtlog_device_control;
    return STATUS_SUCCESS;
}
