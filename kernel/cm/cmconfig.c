/* The kernel's own configuration, read from the SYSTEM hive (docs/registry.md lists each value):
   CurrentControlSet\Control\CrashControl\AutoReboot chooses what a STOP does unless the onstop= boot
   option was given, and Services\<name>\Start says when a driver starts. */
#include "cmp.h"
#include "bootinfo.h"
#include "hal.h"
#include "ke.h"
#include "rtl.h"

ULONG CmpQuerySystemDword(const char *path, const char *name, ULONG absent)
{
    HHIVE *hive = &CmpSystemHive->Hive;
    HCELL_INDEX key, value;
    ULONG type, length, data = absent;
    CmpLockRegistry();
    if (!NT_SUCCESS(HvOpenKeyPath(hive, path, &key)) || !NT_SUCCESS(HvFindValue(hive, key, name, &value)) ||
        !NT_SUCCESS(HvReadValueA(hive, value, &type, &data, sizeof data, &length)) ||
        type != REG_DWORD || length != sizeof data)
        data = absent;
    CmpUnlockRegistry();
    return data;
}

ULONG CmQueryDriverStart(const char *name)
{
    char path[REG_MAX_NAME + 40];
    RtlFormat(path, sizeof path, "CurrentControlSet\\Services\\%s", name);
    return CmpQuerySystemDword(path, "Start", SERVICE_DISABLED);
}

void CmpReadKernelConfiguration(void)
{
    char option[16];
    ULONG autoReboot = CmpQuerySystemDword(CM_CRASH_CONTROL, "AutoReboot", 0);
    if (KiGetBootOption(KeBootInfo.CommandLine, "onstop", option, sizeof option)) {
        DbgPrint("cm: CrashControl\\AutoReboot = %u, overridden by onstop=%s\n", autoReboot, option);
    } else {
        KeOnStop = autoReboot ? ONSTOP_REBOOT : ONSTOP_HALT;
        DbgPrint("cm: CrashControl\\AutoReboot = %u: after a STOP the system %s\n", autoReboot,
                 autoReboot ? "restarts" : "stays on the blue screen");
    }
    DbgPrint("cm: Services\\crashdrv\\Start = %u\n", CmQueryDriverStart("crashdrv"));
}
