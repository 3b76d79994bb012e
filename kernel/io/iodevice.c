/*
 * Driver and device objects: the Driver and Device types, IoCreateDevice / IoDeleteDevice, and the
 * \?? symbolic links drivers create so Win32 can name their devices (\\.\CrashDrv).
 */
#include "iop.h"
#include "rtl.h"

POBJECT_TYPE IoDeviceObjectType, IoDriverObjectType;

static void delete_device(PVOID object)
{
    PDEVICE_OBJECT device = object;
    ASSERTMSG(device->ReferenceCount == 0, OB_BUGCHECK_REFERENCE_BY_POINTER, (ULONG_PTR)device,
              device->ReferenceCount, 0, 0x10);
}

void IopCreateDeviceTypes(void)
{
    OBJECT_TYPE_INITIALIZER device = {
        .PoolType = NonPagedPool, .PoolTag = POOL_TAG('D', 'e', 'v', 'i'), .ValidAccessMask = FILE_ALL_ACCESS,
        .GenericMapping = { FILE_ALL_ACCESS, FILE_ALL_ACCESS, FILE_ALL_ACCESS, FILE_ALL_ACCESS },
        .DeleteProcedure = delete_device, .ParseProcedure = IopParseDevice,
    };
    OBJECT_TYPE_INITIALIZER driver = {
        .PoolType = NonPagedPool, .PoolTag = POOL_TAG('D', 'r', 'i', 'v'), .ValidAccessMask = FILE_ALL_ACCESS,
        .GenericMapping = { FILE_ALL_ACCESS, FILE_ALL_ACCESS, FILE_ALL_ACCESS, FILE_ALL_ACCESS },
    };
    NTSTATUS status = ObCreateObjectType("Device", &device, &IoDeviceObjectType);
    if (NT_SUCCESS(status))
        status = ObCreateObjectType("Driver", &driver, &IoDriverObjectType);
    if (NT_SUCCESS(status))
        status = ObCreateDirectory("\\Driver", OBJ_PERMANENT, KernelMode, NULL);
    ASSERTMSG(NT_SUCCESS(status), IOP_BUGCHECK_IO1_INITIALIZATION_FAILED, status, 1, 0, 0);
}

NTSTATUS IoCreateDevice(PDRIVER_OBJECT driver, ULONG extensionSize, const char *name, ULONG deviceType,
                        ULONG characteristics, BOOLEAN exclusive, PDEVICE_OBJECT *device)
{
    (void)characteristics;
    (void)exclusive;                    /* servpack has no exclusive devices yet */
    OBJECT_ATTRIBUTES oa;
    PDEVICE_OBJECT created;
    InitializeObjectAttributes(&oa, name, name ? OBJ_PERMANENT | OBJ_CASE_INSENSITIVE : 0, NULL);
    NTSTATUS status = ObCreateObject(KernelMode, IoDeviceObjectType, &oa, sizeof *created + extensionSize,
                                     (PVOID *)&created);
    if (!NT_SUCCESS(status))
        return status;
    created->Type = IO_TYPE_DEVICE;
    created->Size = (USHORT)(sizeof *created + extensionSize);
    created->DriverObject = driver;
    created->DeviceType = deviceType;
    created->StackSize = 1;
    created->DeviceExtension = extensionSize ? created + 1 : NULL;
    if (name) {
        PVOID referenced;
        status = ObInsertObject(created, 0, &referenced, NULL);
        if (!NT_SUCCESS(status))
            return status;
    }
    created->NextDevice = driver->DeviceObject;
    driver->DeviceObject = created;
    *device = created;
    return STATUS_SUCCESS;
}

void IoDeleteDevice(PDEVICE_OBJECT device)
{
    PDEVICE_OBJECT *link = &device->DriverObject->DeviceObject;
    while (*link != device)
        link = &(*link)->NextDevice;
    *link = device->NextDevice;
    device->DeletePending = TRUE;
    ObMakeTemporaryObject(device);
    ObDereferenceObject(device);
}

NTSTATUS IoCreateSymbolicLink(const char *linkName, const char *deviceName)
{
    return ObCreateSymbolicLink(linkName, deviceName, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, KernelMode, NULL);
}

NTSTATUS IoDeleteSymbolicLink(const char *linkName)
{
    PVOID link;
    NTSTATUS status = ObReferenceObjectByName(linkName, OBJ_CASE_INSENSITIVE, 0, ObSymbolicLinkObjectType,
                                              KernelMode, NULL, &link);
    if (!NT_SUCCESS(status))
        return status;
    ObMakeTemporaryObject(link);
    ObDereferenceObject(link);
    return STATUS_SUCCESS;
}

/* A dispatch routine for every major function a driver leaves empty. */
static NTSTATUS invalid_device_request(PDEVICE_OBJECT device, PIRP irp)
{
    (void)device;
    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS IopCreateDriver(const char *name, PDRIVER_OBJECT *driver)
{
    char path[64];
    OBJECT_ATTRIBUTES oa;
    PDRIVER_OBJECT created;
    PVOID referenced;
    RtlFormat(path, sizeof path, "\\Driver\\%s", name);
    InitializeObjectAttributes(&oa, path, OBJ_PERMANENT | OBJ_CASE_INSENSITIVE, NULL);
    NTSTATUS status = ObCreateObject(KernelMode, IoDriverObjectType, &oa, sizeof *created, (PVOID *)&created);
    if (!NT_SUCCESS(status))
        return status;
    created->Type = IO_TYPE_DRIVER;
    created->Size = sizeof *created;
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        created->MajorFunction[i] = invalid_device_request;
    status = ObInsertObject(created, 0, &referenced, NULL);
    if (!NT_SUCCESS(status))
        return status;
    created->DriverName = OBJECT_HEADER_TO_NAME_INFO(OBJECT_TO_OBJECT_HEADER(created))->Name;
    *driver = created;
    return STATUS_SUCCESS;
}
