/*
 * I/O manager start-up: the Device, Driver and File types, then the built-in drivers of
 * IO_BUILTIN_DRIVERS (io.h), each given a \Driver\<name> object and started through its DriverEntry,
 * in the table's order.
 */
#include "iop.h"
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

/*
 * Whether the driver of HKLM\SYSTEM\CurrentControlSet\Services\<service> starts at boot: its Start
 * value, once the configuration manager answers queries at this point of start-up. Until then every
 * built-in driver starts (they are all boot or system start drivers in system.reg).
 */
static BOOLEAN driver_should_start(const char *serviceName)
{
    (void)serviceName;
    return TRUE;
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
