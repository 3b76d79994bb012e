/*
 * File objects: the Device type's Parse procedure turns an open of \Device\X (or of a path below
 * it) into a new FILE_OBJECT and an IRP_MJ_CREATE; the File type's Close procedure sends
 * IRP_MJ_CLEANUP when the last handle goes, and its Delete procedure IRP_MJ_CLOSE when the last
 * reference goes, then lets go of the device.
 */
#include "iop.h"
#include "rtl.h"

POBJECT_TYPE IoFileObjectType;

static void close_file(PVOID process, PVOID object, ACCESS_MASK granted, ULONG handleCount)
{
    (void)process;
    (void)granted;
    PFILE_OBJECT file = object;
    if (handleCount == 1 && (file->Flags & IOP_FO_CREATED) && !(file->Flags & FO_CLEANUP_COMPLETE)) {
        IopSendFileRequest(file, IRP_MJ_CLEANUP);
        file->Flags |= FO_CLEANUP_COMPLETE;
    }
}

static void delete_file(PVOID object)
{
    PFILE_OBJECT file = object;
    PDEVICE_OBJECT device = file->DeviceObject;
    if (file->Flags & IOP_FO_CREATED) {
        if (!(file->Flags & FO_CLEANUP_COMPLETE))     /* opened without ever getting a handle */
            IopSendFileRequest(file, IRP_MJ_CLEANUP);
        IopSendFileRequest(file, IRP_MJ_CLOSE);
    }
    __atomic_sub_fetch(&device->ReferenceCount, 1, __ATOMIC_SEQ_CST);
    ObDereferenceObject(device);
}

static NTSTATUS query_file_name(PVOID object, char *buffer, ULONG size)
{
    PFILE_OBJECT file = object;
    ULONG n = ObGetObjectName(file->DeviceObject, buffer, size);
    if (n < size)
        RtlCopyString(buffer + n, file->FileName, size - n);
    return STATUS_SUCCESS;
}

void IopCreateFileType(void)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolType = NonPagedPool, .PoolTag = POOL_TAG('F', 'i', 'l', 'e'), .ValidAccessMask = FILE_ALL_ACCESS,
        .GenericMapping = { SYNCHRONIZE | READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_READ_DATA,
                            SYNCHRONIZE | READ_CONTROL | FILE_WRITE_ATTRIBUTES | FILE_WRITE_DATA | FILE_APPEND_DATA,
                            SYNCHRONIZE | READ_CONTROL | FILE_READ_ATTRIBUTES, FILE_ALL_ACCESS },
        .CloseProcedure = close_file, .DeleteProcedure = delete_file, .QueryNameProcedure = query_file_name,
    };
    NTSTATUS status = ObCreateObjectType("File", &init, &IoFileObjectType);
    ASSERTMSG(NT_SUCCESS(status), IOP_BUGCHECK_IO1_INITIALIZATION_FAILED, status, 2, 0, 0);
}

static NTSTATUS create_file_object(PDEVICE_OBJECT device, const char *remaining, const IOP_OPEN_PACKET *packet,
                                   PFILE_OBJECT *file)
{
    OBJECT_ATTRIBUTES oa;
    ULONG nameBytes = strlen(remaining) + 1;
    InitializeObjectAttributes(&oa, NULL, 0, NULL);
    NTSTATUS status = ObCreateObject(KernelMode, IoFileObjectType, &oa, sizeof **file + nameBytes,
                                     (PVOID *)file);
    if (!NT_SUCCESS(status))
        return status;
    (*file)->Type = IO_TYPE_FILE;
    (*file)->Size = sizeof **file;
    (*file)->DeviceObject = device;
    (*file)->ReadAccess = (packet->DesiredAccess & (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL |
                                                    MAXIMUM_ALLOWED)) != 0;
    (*file)->WriteAccess = (packet->DesiredAccess & (FILE_WRITE_DATA | FILE_APPEND_DATA | GENERIC_WRITE |
                                                     GENERIC_ALL | MAXIMUM_ALLOWED)) != 0;
    memcpy((*file)->FileName, remaining, nameBytes);
    ObReferenceObject(device);
    __atomic_add_fetch(&device->ReferenceCount, 1, __ATOMIC_SEQ_CST);
    return STATUS_SUCCESS;
}

static NTSTATUS send_create(PFILE_OBJECT file, IOP_OPEN_PACKET *packet, KPROCESSOR_MODE mode)
{
    PIRP irp = IopBuildIrp(file, IRP_MJ_CREATE, mode);
    if (!irp)
        return STATUS_INSUFFICIENT_RESOURCES;
    PIO_STACK_LOCATION first = IoGetNextIrpStackLocation(irp);
    first->Parameters.Create.DesiredAccess = packet->DesiredAccess;
    first->Parameters.Create.Options = packet->Disposition << 24 | (packet->Options & 0x00FFFFFF);
    first->Parameters.Create.ShareAccess = packet->ShareAccess;
    ULONG_PTR information = 0;
    NTSTATUS status = IopCallDriverAndWait(file->DeviceObject, irp, &information);
    packet->Result.Status = status;
    packet->Result.Information = information;
    return status;
}

NTSTATUS IopParseDevice(PVOID parseObject, POBJECT_TYPE type, KPROCESSOR_MODE mode, ULONG attributes,
                        const char *remaining, PVOID parseContext, PVOID *object)
{
    (void)attributes;
    PDEVICE_OBJECT device = parseObject;
    IOP_OPEN_PACKET *packet = parseContext;
    if (!packet || packet->Signature != IOP_OPEN_PACKET_SIGNATURE) {
        /* A lookup of the device itself (ObReferenceObjectByName), not an open. */
        if (remaining[0] || (type && type != IoDeviceObjectType))
            return STATUS_OBJECT_TYPE_MISMATCH;
        ObReferenceObject(device);
        *object = device;
        return STATUS_SUCCESS;
    }
    if (device->DeletePending)
        return STATUS_DELETE_PENDING;
    PFILE_OBJECT file;
    NTSTATUS status = create_file_object(device, remaining, packet, &file);
    if (!NT_SUCCESS(status))
        return status;
    status = send_create(file, packet, mode);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);      /* the driver refused it: no cleanup or close to send */
        return status;
    }
    file->Flags |= IOP_FO_CREATED;
    *object = file;
    return STATUS_SUCCESS;
}
