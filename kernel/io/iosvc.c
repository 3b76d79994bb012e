/*
 * The file services: NtCreateFile / NtOpenFile (devices for now: a file system comes later),
 * NtReadFile, NtWriteFile and NtDeviceIoControlFile. Every transfer is buffered: the caller's data
 * is copied into a pool buffer (AssociatedIrp.SystemBuffer) through the probing copy helpers, and the
 * result copied back after the IRP completes. Requests are synchronous.
 */
#include "iop.h"
#include "sysservice.h"
#include "mm.h"
#include "rtl.h"

#define FILE_MAXIMUM_DISPOSITION 5
#define FILE_READ_ACCESS  0x0001        /* CTL_CODE access field */
#define FILE_WRITE_ACCESS 0x0002

NTSTATUS NtCreateFile(PHANDLE fileHandle, ACCESS_MASK desiredAccess, const char *callerName, ULONG attributes,
                      PIO_STATUS_BLOCK ioStatusBlock, ULONG shareAccess, ULONG createDisposition,
                      ULONG createOptions)
{
    char name[OB_MAX_PATH];
    OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    IOP_OPEN_PACKET packet = { IOP_OPEN_PACKET_SIGNATURE, desiredAccess, shareAccess, createDisposition,
                               createOptions, { 0, 0 } };
    IO_STATUS_BLOCK zero = { 0, 0 };
    if (!callerName)
        return STATUS_OBJECT_NAME_INVALID;
    if ((attributes & ~OBJ_VALID_ATTRIBUTES) || createDisposition > FILE_MAXIMUM_DISPOSITION)
        return STATUS_INVALID_PARAMETER;
    InitializeObjectAttributes(&oa, name, attributes | OBJ_CASE_INSENSITIVE, NULL);
    NTSTATUS status = KeCopyStringFromCaller(name, callerName, sizeof name);
    if (NT_SUCCESS(status))
        status = KeStoreUlongToCaller(fileHandle, 0);
    if (NT_SUCCESS(status))
        status = KeCopyToCaller(ioStatusBlock, &zero, sizeof zero);
    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByName(&oa, IoFileObjectType, KeGetPreviousMode(), desiredAccess, &packet, &handle);
    if (NT_SUCCESS(status) && !NT_SUCCESS(KeStoreUlongToCaller(fileHandle, (ULONG)handle))) {
        ObCloseHandle(handle, KernelMode);
        return STATUS_ACCESS_VIOLATION;
    }
    if (packet.Result.Status != 0 || NT_SUCCESS(status)) {     /* the driver saw the create */
        packet.Result.Status = status;
        KeCopyToCaller(ioStatusBlock, &packet.Result, sizeof packet.Result);
    }
    return status;
}

NTSTATUS NtOpenFile(PHANDLE fileHandle, ACCESS_MASK desiredAccess, const char *callerName, ULONG attributes,
                    PIO_STATUS_BLOCK ioStatusBlock, ULONG shareAccess, ULONG openOptions)
{
    return NtCreateFile(fileHandle, desiredAccess, callerName, attributes, ioStatusBlock, shareAccess, FILE_OPEN,
                        openOptions);
}

/* The caller's output buffer must be writable before the driver acts (a later copy-back cannot undo
   a read that consumed data). */
static NTSTATUS probe_for_write(PVOID callerBuffer, ULONG length)
{
    if (KeGetPreviousMode() == UserMode && length && !MmIsUserRangeAccessible(callerBuffer, length, TRUE))
        return STATUS_ACCESS_VIOLATION;
    return STATUS_SUCCESS;
}

/* One buffered request on an open file, from reference to the caller's I/O status block. */
typedef struct _IOP_REQUEST {
    PFILE_OBJECT File;
    PIRP Irp;
    PVOID Buffer;                       /* the pool copy, NULL for a zero-length transfer */
    ULONG BufferLength;
} IOP_REQUEST;

static NTSTATUS begin_request(HANDLE handle, ACCESS_MASK access, UCHAR major, ULONG bufferLength,
                              PIO_STATUS_BLOCK ioStatusBlock, IOP_REQUEST *request)
{
    IO_STATUS_BLOCK zero = { 0, 0 };
    memset(request, 0, sizeof *request);
    if (bufferLength > IO_MAX_BUFFERED_BYTES)
        return STATUS_INVALID_PARAMETER;
    NTSTATUS status = KeCopyToCaller(ioStatusBlock, &zero, sizeof zero);
    if (NT_SUCCESS(status))
        status = ObReferenceObjectByHandle(handle, access, IoFileObjectType, KeGetPreviousMode(),
                                           (PVOID *)&request->File, NULL);
    if (!NT_SUCCESS(status))
        return status;
    request->BufferLength = bufferLength;
    if (bufferLength)
        request->Buffer = ExAllocatePoolWithTag(NonPagedPool, bufferLength, IOP_BUFFER_TAG);
    request->Irp = IopBuildIrp(request->File, major, KeGetPreviousMode());
    if ((bufferLength && !request->Buffer) || !request->Irp) {
        if (request->Irp)
            IoFreeIrp(request->Irp);
        if (request->Buffer)
            ExFreePoolWithTag(request->Buffer, IOP_BUFFER_TAG);
        ObDereferenceObject(request->File);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    request->Irp->AssociatedIrp.SystemBuffer = request->Buffer;
    return STATUS_SUCCESS;
}

static void abandon_request(IOP_REQUEST *request)
{
    IoFreeIrp(request->Irp);
    if (request->Buffer)
        ExFreePoolWithTag(request->Buffer, IOP_BUFFER_TAG);
    ObDereferenceObject(request->File);
}

/* Sends the IRP, copies up to `copyBack` bytes of the result to `callerBuffer`, fills the caller's
   I/O status block, and releases everything. */
static NTSTATUS finish_request(IOP_REQUEST *request, PVOID callerBuffer, ULONG copyBack,
                               PIO_STATUS_BLOCK ioStatusBlock, ULONG_PTR *transferred)
{
    ULONG_PTR information = 0;
    NTSTATUS status = IopCallDriverAndWait(request->File->DeviceObject, request->Irp, &information);
    if (information > request->BufferLength && copyBack)
        information = request->BufferLength;
    if (NT_SUCCESS(status) && copyBack && information &&
        !NT_SUCCESS(KeCopyToCaller(callerBuffer, request->Buffer, information < copyBack ? information : copyBack)))
        status = STATUS_ACCESS_VIOLATION;
    IO_STATUS_BLOCK result = { status, information };
    if (!NT_SUCCESS(KeCopyToCaller(ioStatusBlock, &result, sizeof result)) && NT_SUCCESS(status))
        status = STATUS_ACCESS_VIOLATION;
    if (transferred)
        *transferred = information;
    if (request->Buffer)
        ExFreePoolWithTag(request->Buffer, IOP_BUFFER_TAG);
    ObDereferenceObject(request->File);
    return status;
}

static NTSTATUS byte_offset(IOP_REQUEST *request, PLARGE_INTEGER callerOffset, ULONGLONG *offset)
{
    *offset = request->File->CurrentByteOffset;
    return callerOffset ? KeCopyFromCaller(offset, callerOffset, sizeof *offset) : STATUS_SUCCESS;
}

NTSTATUS NtReadFile(HANDLE fileHandle, PIO_STATUS_BLOCK ioStatusBlock, PVOID buffer, ULONG length,
                    PLARGE_INTEGER byteOffset)
{
    IOP_REQUEST request;
    ULONGLONG offset;
    ULONG_PTR transferred;
    NTSTATUS status = begin_request(fileHandle, FILE_READ_DATA, IRP_MJ_READ, length, ioStatusBlock, &request);
    if (!NT_SUCCESS(status))
        return status;
    status = byte_offset(&request, byteOffset, &offset);
    if (NT_SUCCESS(status))
        status = probe_for_write(buffer, length);
    if (!NT_SUCCESS(status)) {
        abandon_request(&request);
        return status;
    }
    PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(request.Irp);
    first->Parameters.Read.Length = length;
    first->Parameters.Read.ByteOffset = offset;
    request.Irp->UserBuffer = buffer;
    PFILE_OBJECT file = request.File;
    ObReferenceObject(file);
    status = finish_request(&request, buffer, length, ioStatusBlock, &transferred);
    if (NT_SUCCESS(status))
        file->CurrentByteOffset = offset + transferred;
    ObDereferenceObject(file);
    return status;
}

NTSTATUS NtWriteFile(HANDLE fileHandle, PIO_STATUS_BLOCK ioStatusBlock, const void *buffer, ULONG length,
                     PLARGE_INTEGER byteOffset)
{
    IOP_REQUEST request;
    ULONGLONG offset;
    ULONG_PTR transferred;
    NTSTATUS status = begin_request(fileHandle, FILE_WRITE_DATA, IRP_MJ_WRITE, length, ioStatusBlock, &request);
    if (!NT_SUCCESS(status))
        return status;
    status = byte_offset(&request, byteOffset, &offset);
    if (NT_SUCCESS(status) && length)
        status = KeCopyFromCaller(request.Buffer, buffer, length);
    if (!NT_SUCCESS(status)) {
        abandon_request(&request);
        return status;
    }
    PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(request.Irp);
    first->Parameters.Write.Length = length;
    first->Parameters.Write.ByteOffset = offset;
    PFILE_OBJECT file = request.File;
    ObReferenceObject(file);
    status = finish_request(&request, NULL, 0, ioStatusBlock, &transferred);
    if (NT_SUCCESS(status))
        file->CurrentByteOffset = offset + transferred;
    ObDereferenceObject(file);
    return status;
}

/* The access a control code demands of the handle (the CTL_CODE access field). */
static ACCESS_MASK ioctl_access(ULONG code)
{
    ULONG field = (code >> 14) & 3;
    return ((field & FILE_READ_ACCESS) ? FILE_READ_DATA : 0) | ((field & FILE_WRITE_ACCESS) ? FILE_WRITE_DATA : 0);
}

NTSTATUS NtDeviceIoControlFile(HANDLE fileHandle, PIO_STATUS_BLOCK ioStatusBlock, ULONG ioControlCode,
                               const void *inputBuffer, ULONG inputLength, PVOID outputBuffer, ULONG outputLength)
{
    IOP_REQUEST request;
    if (IOCTL_METHOD(ioControlCode) != METHOD_BUFFERED)     /* no MDLs: direct and neither I/O come later */
        return STATUS_INVALID_PARAMETER;
    ULONG length = inputLength > outputLength ? inputLength : outputLength;
    NTSTATUS status = begin_request(fileHandle, ioctl_access(ioControlCode), IRP_MJ_DEVICE_CONTROL, length,
                                    ioStatusBlock, &request);
    if (!NT_SUCCESS(status))
        return status;
    if (length)
        memset(request.Buffer, 0, length);
    if (inputLength && !NT_SUCCESS(status = KeCopyFromCaller(request.Buffer, inputBuffer, inputLength))) {
        abandon_request(&request);
        return status;
    }
    if (!NT_SUCCESS(status = probe_for_write(outputBuffer, outputLength))) {
        abandon_request(&request);
        return status;
    }
    PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(request.Irp);
    first->Parameters.DeviceIoControl.IoControlCode = ioControlCode;
    first->Parameters.DeviceIoControl.InputBufferLength = inputLength;
    first->Parameters.DeviceIoControl.OutputBufferLength = outputLength;
    request.Irp->UserBuffer = outputBuffer;
    return finish_request(&request, outputBuffer, outputLength, ioStatusBlock, NULL);
}
