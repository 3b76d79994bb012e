/*
 * I/O manager start-up: the Device, Driver and File types, then the built-in drivers of
 * IO_BUILTIN_DRIVERS (iomgr.h) whose Services key in the SYSTEM hive says so, each given a
 * \Driver\<name> object and started through its DriverEntry, in the table's order.
 */
#include "iop.h"
#include "cm.h"
#include "hal.h"

static const struct {
    const char *Name;                   /* as in \Driver and in the SYSTEM hive's Services key */
    const char *ServiceName;
    NTSTATUS (*DriverEntry)(PDRIVER_OBJECT driver);
} BuiltinDrivers[] = {
#define X(name, service, entry) { #name, service, entry },
    IO_BUILTIN_DRIVERS(X)
#undef X
};

/* Boot, system and automatic start drivers start now (there is no service controller to start the
   automatic ones later); demand-start and disabled ones, and drivers without a Services key, do not. */
static BOOLEAN driver_should_start(const char *serviceName)
{
    ULONG start = CmQueryDriverStart(serviceName);
    if (start > SERVICE_AUTO_START)
        DbgPrint("io: driver %s not started: Services\\%s\\Start = %u\n", serviceName, serviceName, start);
    return start <= SERVICE_AUTO_START;
}

static void start_driver(ULONG index)
{
    PDRIVER_OBJECT driver;
    NTSTATUS status = IopCreateDriver(BuiltinDrivers[index].Name, &driver);
    if (NT_SUCCESS(status))
        status = BuiltinDrivers[index].DriverEntry(driver);
    if (!NT_SUCCESS(status))
        DbgPrint("io: driver %s failed to start: status 0x%08X\n", BuiltinDrivers[index].Name, (ULONG)status);
}

void IoInitSystem(void)
{
    IopCreateDeviceTypes();
    IopCreateFileType();
    for (ULONG i = 0; i < sizeof BuiltinDrivers / sizeof BuiltinDrivers[0]; i++)
        if (driver_should_start(BuiltinDrivers[i].ServiceName))
            start_driver(i);
}
